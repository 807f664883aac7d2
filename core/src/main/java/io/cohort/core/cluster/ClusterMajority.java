package io.cohort.core.cluster;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.cluster.ClusterActorRefProvider;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.UniqueAddress;
import org.apache.pekko.remote.FailureDetectorRegistry;

/**
 * Tells whether this node's partitions may serve. They reject requests while any member reports this node
 * unreachable, since the downing provider may then remove it, and while this node cannot reach a majority
 * of the members (more than half, or exactly half including the lowest address: the keep-majority rule of
 * {@link DowningDecision}). Both start as soon as the link fails, at least stable-after before the downing
 * provider decides, so a node that is cut off or about to be removed stops acknowledging writes before
 * another master of its partitions can exist.
 *
 * <p>A member that this node's failure detector watches counts as lost when the detector stops hearing it.
 * The detector watches at most {@code pekko.cluster.failure-detector.monitored-by-nr-of-members} others; any
 * other member counts as lost when a member that no member reports unreachable reports it. A link broken
 * between two other members thus does not make a third one reject requests. A process that was paused may
 * still hear buffered heartbeats on resume, so the partition lease, not this check, fences it.
 */
public final class ClusterMajority {
  private final Optional<Cluster> cluster;
  private final Optional<ReachabilityView> view;

  private ClusterMajority(Optional<Cluster> cluster, Optional<ReachabilityView> view) {
    this.cluster = cluster;
    this.view = view;
  }

  /** Returns the check for this node. In an actor system without cluster (unit tests) it never rejects. */
  public static ClusterMajority of(ActorSystem<?> system) {
    var classic = (ExtendedActorSystem) Adapter.toClassic(system);
    if (!(classic.provider() instanceof ClusterActorRefProvider)) {
      return new ClusterMajority(Optional.empty(), Optional.empty());
    }
    return new ClusterMajority(Optional.of(Cluster.get(classic)), Optional.of(ReachabilityView.get(classic)));
  }

  /** Returns why this node's partitions must not serve now; empty while they may. */
  public Optional<String> minorityReason() {
    if (cluster.isEmpty() || view.isEmpty()) {
      return Optional.empty();
    }
    return minorityReason(cluster.get(), view.get());
  }

  private static Optional<String> minorityReason(Cluster cluster, ReachabilityView view) {
    Member self = cluster.selfMember();
    MemberStatus status = self.status();
    if (status == MemberStatus.down() || status == MemberStatus.removed() || cluster.isTerminated()) {
      return Optional.of("node " + self.address() + " was removed from the cluster (status " + status + ")");
    }
    if (status == MemberStatus.joining() || status == MemberStatus.weaklyUp()) {
      return Optional.empty();
    }
    Set<UniqueAddress> reporters = view.observersOf(self.uniqueAddress());
    if (!reporters.isEmpty()) {
      return Optional.of("node " + self.address() + " is reported unreachable by " + addresses(reporters)
          + " and may be removed from the cluster");
    }

    FailureDetectorRegistry<Address> detector = cluster.failureDetector();
    Map<Address, UniqueAddress> counted = new HashMap<>();
    for (Member member : cluster.state().getMembers()) {
      if (counts(member)) {
        counted.put(member.address(), member.uniqueAddress());
      }
    }
    Predicate<Address> lost = address -> {
      if (address.equals(self.address())) {
        return false;
      }
      if (detector.isMonitoring(address)) {
        return !detector.isAvailable(address);
      }
      return view.observersOf(counted.get(address)).stream()
          .anyMatch(observer -> view.observersOf(observer).isEmpty());
    };
    return decide(self.address(), new ArrayList<>(counted.keySet()), lost);
  }

  /** Returns whether a member votes on which side survives: Up, Leaving or Exiting, as in keep-majority. */
  static boolean counts(Member member) {
    MemberStatus status = member.status();
    return status == MemberStatus.up() || status == MemberStatus.leaving() || status == MemberStatus.exiting();
  }

  /**
   * Applies the keep-majority rule to the members in {@code counted} (this node among them), of which
   * {@code unreachable} selects the ones this node cannot hear.
   */
  static Optional<String> decide(Address self, List<Address> counted, Predicate<Address> unreachable) {
    List<Address> lost = counted.stream().filter(unreachable).sorted(DowningDecision.ADDRESS_ORDER).toList();
    Set<Address> side = new HashSet<>(counted);
    side.removeAll(lost);
    if (lost.isEmpty() || DowningDecision.isMajority(side, counted)) {
      return Optional.empty();
    }
    return Optional.of("node " + self + " reaches " + side.size() + " of " + counted.size()
        + " cluster members, not a majority; unreachable: " + lost);
  }

  private static List<Address> addresses(Set<UniqueAddress> members) {
    return members.stream().map(UniqueAddress::address).sorted(DowningDecision.ADDRESS_ORDER).toList();
  }
}
