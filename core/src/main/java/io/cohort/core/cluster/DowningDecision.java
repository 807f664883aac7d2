package io.cohort.core.cluster;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.pekko.actor.Address;

/**
 * Decides which members to down from one member's view: the members it counts, the ones it cannot reach itself,
 * and every "observer cannot reach subject" report the cluster gossiped.
 *
 * <ol>
 *   <li>This member's side is every counted member it reaches itself. If that side is not a majority of the
 *       counted members (exactly half counts when it includes the lowest address), the side downs itself. This
 *       is Pekko's keep-majority rule. {@link ClusterMajority} applies it too, to make partitions reject
 *       requests.
 *   <li>Otherwise it downs the members it cannot reach, and then settles the reports left between members of
 *       its own side, such as a link broken in one direction between two members that both still reach this
 *       one. It downs the member named in most of those reports until none is left, on a tie the one with the
 *       highest address. A one-way cut between two members thus removes one of them, where Pekko's resolver
 *       removes both.
 * </ol>
 *
 * <p>A clean network partition gives the mirror view on the other side, so the two sides agree.
 */
public final class DowningDecision {
  static final Comparator<Address> ADDRESS_ORDER = Comparator
      .comparing((Address address) -> address.getHost().orElse(""))
      .thenComparing(address -> address.getPort().orElse(0));

  /** One gossiped report that {@code observer} cannot reach {@code subject}. */
  public record Report(Address observer, Address subject) {}

  private DowningDecision() {}

  /**
   * Returns the members to down, {@code self} last when it is among them; empty when all are reachable.
   *
   * @param counted the members whose votes count (Up, Leaving, Exiting), {@code self} among them
   * @param unreachableFromSelf the members {@code self} cannot reach itself
   * @param reports every unreachability report in the gossiped reachability table
   */
  public static List<Address> decide(Address self, Collection<Address> counted,
      Set<Address> unreachableFromSelf, Collection<Report> reports) {
    Set<Address> side = new TreeSet<>(ADDRESS_ORDER);
    counted.stream().filter(member -> !unreachableFromSelf.contains(member)).forEach(side::add);
    side.add(self);
    if (!isMajority(side, counted)) {
      List<Address> all = new ArrayList<>(side);
      all.remove(self);
      all.add(self);
      return all;
    }
    Set<Address> down = new LinkedHashSet<>();
    counted.stream().filter(unreachableFromSelf::contains).sorted(ADDRESS_ORDER).forEach(down::add);
    List<Report> inside = reports.stream()
        .filter(report -> side.contains(report.observer()) && side.contains(report.subject()))
        .filter(report -> !report.observer().equals(report.subject()))
        .toList();
    down.addAll(cover(self, inside));
    List<Address> ordered = new ArrayList<>(down);
    if (ordered.remove(self)) {
      ordered.add(self);
    }
    return ordered;
  }

  /** Keep-majority: more than half of {@code counted}, or exactly half including its lowest address. */
  static boolean isMajority(Set<Address> side, Collection<Address> counted) {
    long reached = counted.stream().filter(side::contains).count();
    if (reached * 2 > counted.size()) {
      return true;
    }
    Address lowest = counted.stream().min(ADDRESS_ORDER).orElse(null);
    return reached * 2 == counted.size() && lowest != null && side.contains(lowest);
  }

  /** Greedy cover of the reports: the member named most often first, ties to the highest address, self last. */
  private static List<Address> cover(Address self, List<Report> reports) {
    List<Report> left = new ArrayList<>(reports);
    List<Address> chosen = new ArrayList<>();
    while (!left.isEmpty()) {
      Map<Address, Integer> named = new HashMap<>();
      for (Report report : left) {
        named.merge(report.observer(), 1, Integer::sum);
        named.merge(report.subject(), 1, Integer::sum);
      }
      Address pick = named.entrySet().stream()
          .max(Map.Entry.<Address, Integer>comparingByValue()
              .thenComparing(entry -> !entry.getKey().equals(self))
              .thenComparing(Map.Entry::getKey, ADDRESS_ORDER))
          .orElseThrow()
          .getKey();
      chosen.add(pick);
      left.removeIf(report -> report.observer().equals(pick) || report.subject().equals(pick));
    }
    return chosen;
  }
}
