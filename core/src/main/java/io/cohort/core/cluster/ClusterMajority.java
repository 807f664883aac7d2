package io.cohort.core.cluster;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
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
import org.apache.pekko.remote.FailureDetectorRegistry;

/**
 * Tells whether this node is on the side of the cluster that the split-brain resolver keeps after a network
 * partition: the side that reaches more than half of the members, or exactly half including the member with
 * the lowest address (the keep-majority rule). Partitions refuse requests on the other side as soon as this
 * node's failure detector stops hearing from the majority. That is about when the majority stops hearing from
 * this node, and at least stable-after before the majority downs it and starts the partitions again. So a
 * side that is cut off stops acknowledging writes before another master of its partitions can exist.
 *
 * <p>Reachability is this node's own failure detector, not the gossiped view, so that a link broken between
 * two other members does not make a third one refuse. The detector watches at most
 * {@code pekko.cluster.failure-detector.monitored-by-nr-of-members} other members, so in larger clusters the
 * count is over that sample. A process that was paused may still hear buffered heartbeats on resume; the
 * partition lease, not this check, fences it.
 */
public final class ClusterMajority {
  private final Optional<Cluster> cluster;

  private ClusterMajority(Optional<Cluster> cluster) {
    this.cluster = cluster;
  }

  /** Returns the check for this node; in an actor system without cluster (unit tests) it never refuses. */
  public static ClusterMajority of(ActorSystem<?> system) {
    var classic = (ExtendedActorSystem) Adapter.toClassic(system);
    boolean clustered = classic.provider() instanceof ClusterActorRefProvider;
    return new ClusterMajority(clustered ? Optional.of(Cluster.get(classic)) : Optional.empty());
  }

  /** Returns why this node is on the minority side or was removed; empty while it may serve. */
  public Optional<String> minorityReason() {
    return cluster.flatMap(ClusterMajority::minorityReason);
  }

  private static Optional<String> minorityReason(Cluster cluster) {
    Member self = cluster.selfMember();
    MemberStatus status = self.status();
    if (status == MemberStatus.down() || status == MemberStatus.removed() || cluster.isTerminated()) {
      return Optional.of("node " + self.address() + " was removed from the cluster (status " + status + ")");
    }
    if (status == MemberStatus.joining() || status == MemberStatus.weaklyUp()) {
      return Optional.empty();
    }
    FailureDetectorRegistry<Address> detector = cluster.failureDetector();
    List<Address> counted = new ArrayList<>();
    for (Member member : cluster.state().getMembers()) {
      if (counts(member) && (member.equals(self) || detector.isMonitoring(member.address()))) {
        counted.add(member.address());
      }
    }
    return decide(self.address(), counted, address -> !address.equals(self.address())
        && !detector.isAvailable(address));
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
}
