package io.cohort.core.cluster;

import io.cohort.core.cluster.DowningDecision.Report;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.AbstractActorWithTimers;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.Props;
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.Reachability;
import org.apache.pekko.cluster.UniqueAddress;
import org.apache.pekko.event.Logging;
import org.apache.pekko.event.LoggingAdapter;
import org.apache.pekko.remote.artery.ThisActorSystemQuarantinedEvent;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Downs members on {@link DowningDecision}'s rule once the set of members and of unreachable members has not
 * changed for {@code stable-after}. Only the leader of the reachable members decides, checking every
 * {@code tick}. A node that another member quarantined, such as after a pause longer than its removal, downs
 * itself, so that it shuts down rather than serve on its own.
 *
 * <p>Unlike Pekko's resolver it never downs every member when reachability keeps changing; it waits until the
 * view stops changing. Until then no member is removed, so no partition gets a second master, and requests
 * to a flapping member's partitions may fail.
 */
final class DowningActor extends AbstractActorWithTimers {
  private static final Object TICK = "tick";

  private final LoggingAdapter log = Logging.getLogger(getContext().getSystem(), this);
  private final Cluster cluster = Cluster.get(getContext().getSystem());
  private final Duration stableAfter;
  private Reachability reachability;
  private Picture lastPicture = new Picture(Set.of(), Set.of());
  private long stableAtNanos;

  /** The members and the unreachable ones, which must stay unchanged for stable-after before a decision. */
  private record Picture(Set<Address> members, Set<Address> unreachable) {}

  private DowningActor(Duration stableAfter, Duration tick) {
    this.stableAfter = stableAfter;
    this.stableAtNanos = System.nanoTime() + stableAfter.toNanos();
    getTimers().startTimerWithFixedDelay(TICK, TICK, tick);
  }

  static Props props(Duration stableAfter, Duration tick) {
    return Props.create(DowningActor.class, () -> new DowningActor(stableAfter, tick));
  }

  @Override
  public void preStart() {
    cluster.subscribe(getSelf(), ClusterEvent.initialStateAsEvents(), ClusterEvent.ReachabilityChanged.class);
    getContext().getSystem().getEventStream().subscribe(getSelf(), ThisActorSystemQuarantinedEvent.class);
  }

  @Override
  public void postStop() {
    cluster.unsubscribe(getSelf());
    getContext().getSystem().getEventStream().unsubscribe(getSelf());
  }

  @Override
  public Receive createReceive() {
    return receiveBuilder()
        .match(ClusterEvent.ReachabilityChanged.class, changed -> reachability = changed.reachability())
        .match(ThisActorSystemQuarantinedEvent.class, this::onQuarantined)
        .matchEquals(TICK, tick -> tick())
        .build();
  }

  private void onQuarantined(ThisActorSystemQuarantinedEvent event) {
    Address remote = event.remoteAddress().address();
    boolean member = false;
    for (Member m : cluster.state().getMembers()) {
      member |= m.address().equals(remote);
    }
    if (member) {
      log.warning("downing: member {} quarantined this node; downing this node", remote);
      cluster.down(cluster.selfAddress());
    }
  }

  private void tick() {
    ClusterEvent.CurrentClusterState state = cluster.state();
    List<Member> members = new ArrayList<>();
    state.getMembers().forEach(members::add);
    Set<Address> all = new HashSet<>();
    members.forEach(member -> all.add(member.address()));
    Set<Address> unreachable = new HashSet<>();
    state.getUnreachable().stream()
        .filter(member -> member.status() != MemberStatus.down())
        .forEach(member -> unreachable.add(member.address()));

    Picture picture = new Picture(all, unreachable);
    long now = System.nanoTime();
    if (!picture.equals(lastPicture)) {
      lastPicture = picture;
      stableAtNanos = now + stableAfter.toNanos();
      return;
    }
    if (now - stableAtNanos < 0 || reachability == null || !responsible(state)) {
      return;
    }

    List<Address> down = decide(members);
    if (!down.isEmpty()) {
      log.warning("downing: downing {} after {} ms without change; reachability: {}", down,
          stableAfter.toMillis(), reachability);
      down.forEach(cluster::down);
      stableAtNanos = now + stableAfter.toNanos();
    }
  }

  private boolean responsible(ClusterEvent.CurrentClusterState state) {
    MemberStatus status = cluster.selfMember().status();
    return cluster.selfAddress().equals(state.getLeader())
        && (status == MemberStatus.up() || status == MemberStatus.leaving());
  }

  private List<Address> decide(List<Member> members) {
    UniqueAddress self = cluster.selfUniqueAddress();
    List<Address> counted = new ArrayList<>();
    Set<Address> live = new HashSet<>();
    for (Member member : members) {
      if (member.status() != MemberStatus.down() && member.status() != MemberStatus.removed()) {
        live.add(member.address());
      }
      if (ClusterMajority.counts(member)) {
        counted.add(member.address());
      }
    }

    Set<Address> fromSelf = new HashSet<>();
    CollectionConverters.asJava(reachability.allUnreachableFrom(self)).forEach(a -> fromSelf.add(a.address()));
    fromSelf.retainAll(live);
    List<Report> reports = reports();
    if (fromSelf.isEmpty() && reports.isEmpty()) {
      return List.of();
    }

    List<Address> down = new ArrayList<>(DowningDecision.decide(self.address(), counted, fromSelf, reports));
    if (!down.contains(self.address())) {
      // Members still joining have no vote, but one this node cannot reach goes too.
      fromSelf.stream().filter(address -> !counted.contains(address) && !down.contains(address)).forEach(down::add);
    }
    down.retainAll(live);
    return down;
  }

  private List<Report> reports() {
    List<Report> reports = new ArrayList<>();
    for (Map.Entry<UniqueAddress, scala.collection.immutable.Set<UniqueAddress>> entry
        : CollectionConverters.asJava(reachability.observersGroupedByUnreachable()).entrySet()) {
      for (UniqueAddress observer : CollectionConverters.asJava(entry.getValue())) {
        reports.add(new Report(observer.address(), entry.getKey().address()));
      }
    }
    return reports;
  }
}
