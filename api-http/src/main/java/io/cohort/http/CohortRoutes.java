package io.cohort.http;

import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/** All routes of a node, sealed so that every error leaves as a problem response. */
public final class CohortRoutes extends AllDirectives {
  private final KeyValueRoutes keyValue;
  private final NamespaceRoutes namespaces;
  private final ClusterRoutes cluster;
  private final RoutingRoutes routing;

  public CohortRoutes(KeyValueRoutes keyValue, NamespaceRoutes namespaces, ClusterRoutes cluster,
      RoutingRoutes routing) {
    this.keyValue = keyValue;
    this.namespaces = namespaces;
    this.cluster = cluster;
    this.routing = routing;
  }

  public Route routes() {
    return handleExceptions(ErrorHandling.exceptionHandler(), () ->
        handleRejections(ErrorHandling.rejectionHandler(), () ->
            concat(keyValue.routes(), namespaces.routes(), cluster.routes(), routing.routes())));
  }
}
