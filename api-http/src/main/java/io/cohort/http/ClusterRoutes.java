package io.cohort.http;

import io.cohort.core.concurrent.Futures;
import io.cohort.core.partition.PartitionEntity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import java.util.stream.StreamSupport;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.cluster.sharding.typed.GetClusterShardingStats;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code GET /v1/cluster} (members and the partitions each hosts), {@code GET /health/live} and
 * {@code GET /health/ready}. A node is ready once it is an Up member of the cluster and its journal responds to a query.
 */
public final class ClusterRoutes extends AllDirectives {
  private static final Duration STATS_TIMEOUT = Duration.ofSeconds(3);

  private final ActorSystem<?> system;
  private final Supplier<CompletionStage<Boolean>> journalReachable;

  public ClusterRoutes(ActorSystem<?> system, Supplier<CompletionStage<Boolean>> journalReachable) {
    this.system = system;
    this.journalReachable = journalReachable;
  }

  record MemberView(String address, String status, List<String> roles, Integer partitions, boolean reachable) {}

  record ClusterView(String self, String leader, List<MemberView> members) {}

  record Readiness(boolean ready, String memberStatus, boolean journalReachable) {}

  public Route routes() {
    // Path before method, so a wrong method on an unknown path is a 404 rather than a 405.
    return concat(
        path(PathMatchers.segment("v1").slash("cluster"), () -> get(() -> completeWithFuture(clusterView()))),
        path(PathMatchers.segment("health").slash("live"),
            () -> get(() -> complete(Problems.json(StatusCodes.OK, Map.of("live", true))))),
        path(PathMatchers.segment("health").slash("ready"), () -> get(() -> completeWithFuture(readiness()))));
  }

  private CompletionStage<HttpResponse> clusterView() {
    CompletionStage<org.apache.pekko.cluster.sharding.ShardRegion.ClusterShardingStats> stats = AskPattern.ask(
        ClusterSharding.get(system).shardState(),
        replyTo -> new GetClusterShardingStats(PartitionEntity.TYPE_KEY, STATS_TIMEOUT, replyTo),
        STATS_TIMEOUT.plusSeconds(1),
        system.scheduler());
    return Futures.direct(stats).handle((result, error) -> Problems.json(StatusCodes.OK, buildView(error == null ? result : null)));
  }

  /** Builds the member list; partition counts are null when sharding did not reply in time. */
  private ClusterView buildView(ShardRegion.ClusterShardingStats stats) {
    Cluster cluster = Cluster.get(system);
    var state = cluster.state();
    Map<Address, Integer> partitions = new TreeMap<>(Address.addressOrdering());
    if (stats != null) {
      stats.getRegions().forEach((address, region) -> partitions.put(address,
          region.getStats().values().stream().mapToInt(count -> ((Number) count).intValue()).sum()));
    }
    List<MemberView> members = new ArrayList<>();
    for (Member member : StreamSupport.stream(state.getMembers().spliterator(), false).toList()) {
      members.add(new MemberView(
          member.address().toString(),
          statusName(member.status()),
          List.copyOf(member.getRoles()),
          stats == null ? null : partitions.getOrDefault(member.address(), 0),
          !state.getUnreachable().contains(member)));
    }
    String leader = state.getLeader() == null ? null : state.getLeader().toString();
    return new ClusterView(cluster.selfMember().address().toString(), leader, members);
  }

  private CompletionStage<HttpResponse> readiness() {
    MemberStatus status = Cluster.get(system).selfMember().status();
    return journalReachable.get().handle((reachable, error) -> {
      boolean journalUp = error == null && Boolean.TRUE.equals(reachable);
      boolean ready = status == MemberStatus.up() && journalUp;
      Readiness body = new Readiness(ready, statusName(status), journalUp);
      return Problems.json(ready ? StatusCodes.OK : StatusCodes.SERVICE_UNAVAILABLE, body);
    });
  }

  static String statusName(MemberStatus status) {
    String name = status.toString();
    return name.endsWith("$") ? name.substring(0, name.length() - 1) : name;
  }
}
