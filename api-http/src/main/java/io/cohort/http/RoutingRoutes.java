package io.cohort.http;

import io.cohort.core.routing.RoutingView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code GET /v1/routing}: the node and HTTP endpoint of every placed partition, the members with their
 * endpoints, and the epoch of this view, so clients can send each request straight to its partition's node.
 */
public final class RoutingRoutes extends AllDirectives {
  private final ActorSystem<?> system;
  private final NodeRouting routing;
  private final int partitionCount;

  public RoutingRoutes(ActorSystem<?> system, NodeRouting routing, int partitionCount) {
    this.system = system;
    this.routing = routing;
    this.partitionCount = partitionCount;
  }

  record NodeView(String address, String endpoint, String status, boolean reachable) {}

  record PartitionRoute(int partition, String node, String endpoint) {}

  record RoutingTable(long epoch, int partitionCount, List<NodeView> nodes, List<PartitionRoute> partitions) {}

  public Route routes() {
    return path(PathMatchers.segment("v1").slash("routing"), () -> get(() -> complete(
        Problems.json(StatusCodes.OK, table(routing.view())))));
  }

  private RoutingTable table(RoutingView view) {
    var state = Cluster.get(system).state();
    List<NodeView> nodes = new ArrayList<>();
    for (Member member : state.getMembers()) {
      nodes.add(new NodeView(member.address().toString(), view.endpoints().get(member.address()),
          ClusterRoutes.statusName(member.status()), !state.getUnreachable().contains(member)));
    }
    Map<Integer, PartitionRoute> routes = new TreeMap<>();
    view.owners().forEach((partition, owner) -> routes.put(partition,
        new PartitionRoute(partition, owner.toString(), view.endpoints().get(owner))));
    return new RoutingTable(view.epoch(), partitionCount, nodes, List.copyOf(routes.values()));
  }
}
