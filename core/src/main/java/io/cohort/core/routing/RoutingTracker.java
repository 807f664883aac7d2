package io.cohort.core.routing;

import io.cohort.core.serialization.ClusterMessage;
import io.cohort.core.sharding.PlacementGroups;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.sharding.ShardRegion.ClusterShardingStats;
import org.apache.pekko.cluster.sharding.typed.GetClusterShardingStats;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;

/**
 * Keeps this node's {@link RoutingView} current. Placement comes from the shard regions, queried every
 * refresh interval and right after membership changes. Endpoints come from the tracker of every other node,
 * found through the receptionist and queried once. Each new view goes to {@code publish}, so the HTTP layer
 * reads it without messaging.
 */
public final class RoutingTracker {
  public static final ServiceKey<Command> SERVICE_KEY = ServiceKey.create(Command.class, "cohort-routing");

  public sealed interface Command {}

  /** Asks a peer tracker for its node's HTTP endpoint. */
  public record EndpointQuery(ActorRef<Command> replyTo) implements Command, ClusterMessage {}

  /** Reply to {@link EndpointQuery}: the HTTP endpoint of the node that {@code from} runs on. */
  public record EndpointAnswer(String endpoint, ActorRef<Command> from) implements Command, ClusterMessage {}

  private enum Refresh implements Command { INSTANCE }

  private record StatsReceived(ClusterShardingStats stats, Throwable error) implements Command {}

  private record PeersChanged(Receptionist.Listing listing) implements Command {}

  private record MembershipChanged(ClusterEvent.MemberEvent event) implements Command {}

  private final ActorContext<Command> context;
  private final String selfEndpoint;
  private final EntityTypeKey<?> typeKey;
  private final PlacementGroups groups;
  private final Consumer<RoutingView> publish;
  private final Address selfAddress;
  private final Duration queryTimeout;
  private RoutingView view = RoutingView.EMPTY;
  private Set<ActorRef<Command>> peers = Set.of();
  private boolean queryInFlight;

  private RoutingTracker(ActorContext<Command> context, String selfEndpoint, EntityTypeKey<?> typeKey,
      PlacementGroups groups, Duration interval, Consumer<RoutingView> publish) {
    this.context = context;
    this.selfEndpoint = selfEndpoint;
    this.typeKey = typeKey;
    this.groups = groups;
    this.publish = publish;
    this.selfAddress = Cluster.get(context.getSystem()).selfMember().address();
    this.queryTimeout = interval;
  }

  /**
   * @param selfEndpoint this node's HTTP endpoint as clients reach it, such as {@code http://10.0.0.11:8080}
   * @param typeKey the sharded entity type whose placement is tracked
   * @param groups how that type's partitions are grouped into shards
   */
  public static Behavior<Command> create(String selfEndpoint, EntityTypeKey<?> typeKey, PlacementGroups groups,
      Duration interval, Consumer<RoutingView> publish) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
      RoutingTracker tracker = new RoutingTracker(context, selfEndpoint, typeKey, groups, interval, publish);
      tracker.start(timers, interval);
      return tracker.behavior();
    }));
  }

  private void start(TimerScheduler<Command> timers, Duration interval) {
    ActorRef<Receptionist.Listing> listingAdapter = context.messageAdapter(Receptionist.Listing.class, PeersChanged::new);
    context.getSystem().receptionist().tell(Receptionist.register(SERVICE_KEY, context.getSelf()));
    context.getSystem().receptionist().tell(Receptionist.subscribe(SERVICE_KEY, listingAdapter));
    Cluster.get(context.getSystem()).subscriptions().tell(Subscribe.create(
        context.messageAdapter(ClusterEvent.MemberEvent.class, MembershipChanged::new),
        ClusterEvent.MemberEvent.class));
    updateView(view.withEndpoints(Map.of(selfAddress, selfEndpoint)));
    timers.startTimerWithFixedDelay(Refresh.INSTANCE, interval);
  }

  private Behavior<Command> behavior() {
    return Behaviors.receive(Command.class)
        .onMessage(EndpointQuery.class, query -> {
          query.replyTo().tell(new EndpointAnswer(selfEndpoint, context.getSelf()));
          return Behaviors.same();
        })
        .onMessage(EndpointAnswer.class, this::onEndpoint)
        .onMessageEquals(Refresh.INSTANCE, this::onRefresh)
        .onMessage(StatsReceived.class, this::onStats)
        .onMessage(PeersChanged.class, this::onPeers)
        .onMessage(MembershipChanged.class, changed -> onRefresh())
        .build();
  }

  private Behavior<Command> onRefresh() {
    askUnknownPeers();
    if (!queryInFlight) {
      queryInFlight = true;
      context.ask(ClusterShardingStats.class, ClusterSharding.get(context.getSystem()).shardState(), queryTimeout,
          replyTo -> new GetClusterShardingStats(typeKey, queryTimeout, replyTo), StatsReceived::new);
    }
    return Behaviors.same();
  }

  private Behavior<Command> onStats(StatsReceived received) {
    queryInFlight = false;
    if (received.error() != null) {
      context.getLog().debug("routing: shard regions did not answer: {}", received.error().toString());
      return Behaviors.same();
    }
    Map<Integer, Address> owners = new HashMap<>();
    received.stats().getRegions().forEach((address, region) -> region.getStats().keySet()
        .forEach(shard -> groups.partitionsOf(shard).forEach(partition -> owners.put(partition, address))));
    updateView(view.withOwners(owners, System.currentTimeMillis()));
    return Behaviors.same();
  }

  private Behavior<Command> onPeers(PeersChanged changed) {
    peers = changed.listing().getServiceInstances(SERVICE_KEY);
    Map<Address, String> endpoints = new HashMap<>();
    endpoints.put(selfAddress, selfEndpoint);
    for (ActorRef<Command> peer : peers) {
      String known = view.endpoints().get(peer.path().address());
      if (known != null) {
        endpoints.put(peer.path().address(), known);
      }
    }
    updateView(view.withEndpoints(endpoints));
    askUnknownPeers();
    return Behaviors.same();
  }

  private Behavior<Command> onEndpoint(EndpointAnswer answer) {
    Address address = answer.from().path().address();
    if (peers.contains(answer.from()) && !answer.endpoint().equals(view.endpoints().get(address))) {
      Map<Address, String> endpoints = new HashMap<>(view.endpoints());
      endpoints.put(address, answer.endpoint());
      updateView(view.withEndpoints(endpoints));
    }
    return Behaviors.same();
  }

  private void askUnknownPeers() {
    for (ActorRef<Command> peer : peers) {
      if (!peer.path().address().hasLocalScope() && !view.endpoints().containsKey(peer.path().address())) {
        peer.tell(new EndpointQuery(context.getSelf()));
      }
    }
  }

  private void updateView(RoutingView next) {
    if (next != view) {
      view = next;
      publish.accept(next);
    }
  }
}
