package io.cohort.core.cluster;

import io.cohort.core.cluster.DowningDecision.Report;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.AbstractActorWithTimers;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.Props;
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.Reachability;
import org.apache.pekko.event.Logging;
import org.apache.pekko.event.LoggingAdapter;
import org.apache.pekko.remote.artery.ThisActorSystemQuarantinedEvent;

/**
 * Downs members on {@link DowningDecision}'s rule once the members and the unreachability reports have not
 * changed for {@code stable-after}. Only the leader decides, checking every {@code tick}, and only while no
 * member reports it unreachable. A node that another member quarantined, such as after a pause longer than its removal, downs
 * itself, so that it shuts down rather than serve on its own.
 *
 * <p>Unlike Pekko's resolver it never downs every member when reachability keeps changing; it waits until the
 * view stops changing. Until then no member is removed, so no partition gets a second master, but the
 * partitions of a crashed member stay unavailable as long as another member keeps flapping.
 */
final class DowningActor extends AbstractActorWithTimers {
  private static final Object TICK = "tick";

  private final LoggingAdapter log = Logging.getLogger(getContext().getSystem(), this);
  private final Cluster cluster = Cluster.get(getContext().getSystem());
  private final Duration stableAfter;
  private final ReachabilityView view = ReachabilityView.get(getContext().getSystem());
  private Picture lastPicture = new Picture(Set.of(), Set.of());
  private long stableAtNanos;

  /** The members and the unreachability reports, which must stay unchanged for stable-after before a decision. */
  private record Picture(Set<Address> members, Set<Report> reports) {}

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
    getContext().getSystem().getEventStream().subscribe(getSelf(), ThisActorSystemQuarantinedEvent.class);
  }

  @Override
  public void postStop() {
    getContext().getSystem().getEventStream().unsubscribe(getSelf());
  }

  @Override
  public Receive createReceive() {
    return receiveBuilder()
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
    List<Member> live = new ArrayList<>();
    for (Member member : state.getMembers()) {
      if (member.status() != MemberStatus.down() && member.status() != MemberStatus.removed()) {
        live.add(member);
      }
    }
    Set<Address> all = new HashSet<>();
    state.getMembers().forEach(member -> all.add(member.address()));
    Reachability table = view.table();
    Set<Report> reports = reports(table, live);

    Picture picture = new Picture(all, reports);
    long now = System.nanoTime();
    if (!picture.equals(lastPicture)) {
      lastPicture = picture;
      stableAtNanos = now + stableAfter.toNanos();
      return;
    }
    if (reports.isEmpty() || now - stableAtNanos < 0 || !responsible(state, table)) {
      return;
    }

    List<Address> down = decide(live, reports);
    if (!down.isEmpty()) {
      log.warning("downing: downing {} after {} ms without change; reports: {}", down, stableAfter.toMillis(),
          reports);
      down.forEach(cluster::down);
      stableAtNanos = now + stableAfter.toNanos();
    }
  }

  /**
   * Returns whether this node decides: it must be the leader, Up or Leaving, and reported unreachable by
   * no member. Each end of a cut link counts itself as leader of the members it reaches, so only a member that
   * no one reports may decide. In a clean partition each side has one such member.
   */
  private boolean responsible(ClusterEvent.CurrentClusterState state, Reachability table) {
    MemberStatus status = cluster.selfMember().status();
    return cluster.selfAddress().equals(state.getLeader())
        && (status == MemberStatus.up() || status == MemberStatus.leaving())
        && table.isReachable(cluster.selfUniqueAddress());
  }

  /** Returns every "observer cannot reach subject" record between live members, quarantines included. */
  private static Set<Report> reports(Reachability table, List<Member> live) {
    Set<Report> reports = new HashSet<>();
    if (table.isAllReachable()) {
      return reports;
    }
    for (Member observer : live) {
      for (Member subject : live) {
        if (!observer.equals(subject) && !table.isReachable(observer.uniqueAddress(), subject.uniqueAddress())) {
          reports.add(new Report(observer.address(), subject.address()));
        }
      }
    }
    return reports;
  }

  private List<Address> decide(List<Member> live, Set<Report> reports) {
    Address self = cluster.selfAddress();
    List<Address> counted = new ArrayList<>();
    for (Member member : live) {
      if (ClusterMajority.counts(member)) {
        counted.add(member.address());
      }
    }
    Set<Address> fromSelf = new HashSet<>();
    reports.stream().filter(report -> report.observer().equals(self)).forEach(report -> fromSelf.add(report.subject()));

    List<Address> down = new ArrayList<>(DowningDecision.decide(self, counted, fromSelf, reports));
    if (!down.contains(self)) {
      // Members still joining have no vote, but one this node cannot reach goes too.
      fromSelf.stream().filter(address -> !counted.contains(address) && !down.contains(address)).forEach(down::add);
    }
    return down;
  }
}
