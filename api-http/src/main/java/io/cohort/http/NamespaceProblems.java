package io.cohort.http;

import io.cohort.config.namespace.FieldError;
import io.cohort.config.namespace.NamespaceSpec;
import io.cohort.core.namespace.Namespace;
import io.cohort.core.namespace.NamespaceAdmin;
import io.cohort.core.partition.PartitionReply;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Problem responses of the namespace API and of key requests that name a namespace. */
final class NamespaceProblems {
  private static final Logger log = LoggerFactory.getLogger(NamespaceProblems.class);
  /** Retry-After in seconds. An estimate, because the registry moving to another node may take longer. */
  private static final int RETRY_AFTER_SECONDS = 2;

  private NamespaceProblems() {}

  /** Builds a 400 that lists every invalid field in {@code errors} and names the first in its detail. */
  static HttpResponse fieldErrors(List<FieldError> errors) {
    FieldError first = errors.get(0);
    String more = errors.size() == 1 ? "" : "; " + (errors.size() - 1) + " more listed in \"errors\"";
    return Problems.response(StatusCodes.BAD_REQUEST, "invalid-namespace",
        "field [" + first.field() + "]: " + first.message() + more, Map.of("errors", List.copyOf(errors)),
        List.of());
  }

  /** Builds a 404 for a namespace that does not exist, listing those that do, the built-in one first. */
  static HttpResponse notFound(String name, List<String> existing) {
    List<String> names = withDefault(existing);
    return Problems.response(StatusCodes.NOT_FOUND, "namespace-not-found", "namespace [" + name
            + "] does not exist; existing namespaces: " + String.join(", ", names)
            + ". Create it with POST /v1/namespaces",
        Map.of("namespace", name, "namespaces", names), List.of());
  }

  static HttpResponse alreadyExists(Namespace existing) {
    return Problems.response(StatusCodes.CONFLICT, "namespace-exists", "namespace [" + existing.name()
            + "] already exists; choose another name, or delete it first with DELETE /v1/namespaces/"
            + existing.name(),
        Map.of("namespace", existing.name(), "existing", NamespaceJson.NamespaceView.of(existing)), List.of());
  }

  /** Builds a 409 for a change or delete of the built-in namespace, whose settings come from each node's config. */
  static HttpResponse builtIn(String action) {
    return Problems.response(StatusCodes.CONFLICT, "namespace-built-in", "the built-in namespace ["
            + NamespaceSpec.DEFAULT_NAME + "] cannot be " + action + ": /v1/kv/{key} always addresses it, and"
            + " its settings come from cohort.partitions and cohort.limits in each node's configuration",
        Map.of("namespace", NamespaceSpec.DEFAULT_NAME), List.of());
  }

  static HttpResponse notEmpty(NamespaceAdmin.NotEmpty notEmpty) {
    String name = notEmpty.namespace().name();
    String keys = notEmpty.keys() == 1 ? "1 key" : notEmpty.keys() + " keys";
    return Problems.response(StatusCodes.CONFLICT, "namespace-not-empty", "namespace [" + name + "] contains "
            + keys + "; delete its keys first, or send DELETE /v1/namespaces/" + name
            + "?force=true to delete the namespace with its keys",
        Map.of("namespace", name, "keys", notEmpty.keys()), List.of());
  }

  /**
   * Builds a 503 for a request to the namespace registry or to a namespace's partitions that failed or timed out.
   *
   * @param action what failed, such as {@code creating namespace [orders]}
   * @param advice what the client should do, given that the outcome is unknown
   */
  static HttpResponse unavailable(String action, String advice, Throwable error) {
    Throwable cause = ErrorHandling.unwrap(error);
    String reason;
    if (cause instanceof TimeoutException) {
      reason = "did not finish within the request timeout (cohort.node.request-timeout)";
      log.warn("namespace API: {} timed out: {}", action, cause.toString());
    } else {
      reason = "failed (" + cause + ")";
      log.warn("namespace API: {} failed", action, cause);
    }
    return Problems.unavailable(action + " " + reason + "; " + advice, RETRY_AFTER_SECONDS);
  }

  /**
   * Builds a 503 for a forced delete that a partition rejected, such as for missing journal replicas. The
   * namespace stays, and the partitions that were already emptied stay empty.
   */
  static HttpResponse purgeRejected(String name, PartitionReply rejection) {
    String slug = "unavailable";
    String reason;
    if (rejection instanceof PartitionReply.ReplicasUnavailable unavailable) {
      slug = "replicas-unavailable";
      reason = "partition " + unavailable.partition() + " rejected it: " + unavailable.detail();
    } else if (rejection instanceof PartitionReply.NoHostForRole noHost) {
      slug = "no-host-for-role";
      reason = "no cluster member that is up has the role [" + noHost.role() + "]; start a node with that role"
          + " in pekko.cluster.roles";
    } else if (rejection instanceof PartitionReply.Overloaded overloaded) {
      reason = "partition " + overloaded.partition() + " has " + overloaded.queued() + " writes waiting for the"
          + " journal";
    } else if (rejection instanceof PartitionReply.NoMajority noMajority) {
      slug = "no-majority";
      reason = "partition " + noMajority.partition() + " refused it: " + noMajority.detail();
    } else if (rejection instanceof PartitionReply.LeaseNotHeld notHeld) {
      reason = "partition " + notHeld.partition() + " is moving to another node";
    } else {
      reason = "a partition replied " + rejection.getClass().getSimpleName();
    }
    log.warn("namespace API: deleting the keys of namespace [{}] failed: {}", name, rejection);
    return Problems.unavailable(slug, "namespace [" + name + "] was not deleted, because deleting its keys"
            + " failed: " + reason + ". Some of its keys may already be deleted; retry the DELETE",
        Map.of("namespace", name), RETRY_AFTER_SECONDS);
  }

  private static List<String> withDefault(List<String> names) {
    List<String> all = new ArrayList<>();
    all.add(NamespaceSpec.DEFAULT_NAME);
    names.stream().filter(name -> !name.equals(NamespaceSpec.DEFAULT_NAME)).forEach(all::add);
    return all;
  }
}
