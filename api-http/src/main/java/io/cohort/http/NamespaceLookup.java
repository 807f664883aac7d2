package io.cohort.http;

import io.cohort.core.namespace.Namespace;
import io.cohort.core.namespace.NamespaceDirectory;
import java.util.Optional;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * Finds the namespace a request names. A name missing from this node's directory is looked up once more in
 * the registry before the request gets a 404, so a namespace just created through another node is found.
 */
final class NamespaceLookup {
  private NamespaceLookup() {}

  /**
   * Runs {@code inner} with the namespace named {@code name}. Completes with 404 listing the existing names
   * when there is none, or with 503 when the registry does not reply.
   */
  static Route withNamespace(NamespaceDirectory directory, String name, Function<Namespace, Route> inner) {
    Optional<Namespace> cached = directory.find(name);
    if (cached.isPresent()) {
      return inner.apply(cached.get());
    }
    return Directives.onComplete(directory.refresh(), refreshed -> {
      if (refreshed.isFailure()) {
        return Directives.complete(NamespaceProblems.unavailable("looking up namespace [" + name
            + "] in the namespace registry", "retry after a few seconds", refreshed.failed().get()));
      }
      return directory.find(name)
          .map(inner)
          .orElseGet(() -> Directives.complete(NamespaceProblems.notFound(name, directory.names())));
    });
  }
}
