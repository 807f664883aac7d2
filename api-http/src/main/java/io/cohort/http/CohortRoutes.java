package io.cohort.http;

import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/** All routes of a node, sealed so that every error leaves as a problem response. */
public final class CohortRoutes extends AllDirectives {
  private final KeyValueRoutes keyValue;
  private final ClusterRoutes cluster;
  private final RoutingRoutes routing;

  public CohortRoutes(KeyValueRoutes keyValue, ClusterRoutes cluster, RoutingRoutes routing) {
    this.keyValue = keyValue;
    this.cluster = cluster;
    this.routing = routing;
  }

  public Route routes() {
    return handleExceptions(ErrorHandling.exceptionHandler(), () ->
        handleRejections(ErrorHandling.rejectionHandler(), () ->
            concat(keyValue.routes(), cluster.routes(), routing.routes())));
  }
}
