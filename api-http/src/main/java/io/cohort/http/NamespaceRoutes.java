package io.cohort.http;

import io.cohort.config.namespace.NamespaceRules;
import io.cohort.config.namespace.NamespaceSpec;
import io.cohort.core.concurrent.Futures;
import io.cohort.core.namespace.Namespace;
import io.cohort.core.namespace.NamespaceAdmin;
import io.cohort.core.namespace.NamespaceDirectory;
import io.cohort.core.namespace.RegistryReply;
import io.cohort.core.partition.PartitionReply;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaType;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The namespace administration API:
 *
 * <ul>
 *   <li>{@code POST /v1/namespaces} creates a namespace: 201 with {@code Location}, 400 listing every invalid
 *       field, 409 when the name is taken.
 *   <li>{@code GET /v1/namespaces} lists every namespace, the built-in {@code default} first;
 *       {@code GET /v1/namespaces/{name}} returns one, or 404 listing the existing names.
 *   <li>{@code PATCH /v1/namespaces/{name}} (JSON or JSON merge patch) changes {@code defaultTtlSeconds}, the
 *       only field that may change: 200, 400 naming a field that cannot change, 404.
 *   <li>{@code DELETE /v1/namespaces/{name}[?force=true]} deletes a namespace: 204, 409 while it contains
 *       keys unless {@code force=true} deletes them with it, 404.
 * </ul>
 *
 * <p>The built-in namespace cannot be changed or deleted, which is a 409: the request is valid but conflicts
 * with the namespace being built in. A registry or partition that does not reply in time is a 503 with
 * {@code Retry-After}.
 */
public final class NamespaceRoutes extends AllDirectives {
  /** A namespace request is a few short fields, so a larger body is a client error. */
  private static final long MAX_BODY_BYTES = 16 * 1024;
  private static final Duration BODY_TIMEOUT = Duration.ofSeconds(5);
  private static final String COLLECTION = "/v1/namespaces";
  /**
   * Bound on a create, which first creates the namespace's Cassandra keyspaces and tables, and on a delete,
   * which sends a request to every partition. Both outlast the server's 20 s default on a loaded multi-node Cassandra.
   */
  private static final scala.concurrent.duration.FiniteDuration SLOW_REQUEST_TIMEOUT =
      scala.concurrent.duration.FiniteDuration.apply(120, java.util.concurrent.TimeUnit.SECONDS);

  private final NamespaceAdmin admin;
  private final NamespaceDirectory directory;
  private final NamespaceRules rules;

  public NamespaceRoutes(NamespaceAdmin admin, NamespaceRules rules) {
    this.admin = admin;
    this.directory = admin.directory();
    this.rules = rules;
  }

  public Route routes() {
    return pathPrefix(PathMatchers.segment("v1").slash("namespaces"), () -> concat(
        pathEndOrSingleSlash(() -> concat(get(this::listRoute),
            post(() -> withRequestTimeout(SLOW_REQUEST_TIMEOUT, this::createRoute)))),
        path(PathMatchers.segment(), name -> concat(
            get(() -> NamespaceLookup.withNamespace(directory, name, namespace -> complete(
                Problems.json(StatusCodes.OK, NamespaceJson.NamespaceView.of(namespace))))),
            patch(() -> changeRoute(name)),
            delete(() -> withRequestTimeout(SLOW_REQUEST_TIMEOUT, () -> deleteRoute(name))))),
        path(PathMatchers.segment().slash("placement"), name -> get(() -> placementRoute(name)))));
  }

  /**
   * {@code GET /v1/namespaces/{name}/placement}: the nodes that run partitions of the namespace, each with its
   * partition numbers, as the shard regions report them now. Partitions that never received a request are
   * not running anywhere yet and are left out.
   */
  private Route placementRoute(String name) {
    return NamespaceLookup.withNamespace(directory, name, namespace -> completeWithFuture(
        admin.placement(namespace).handle((nodes, error) -> error == null
            ? Problems.json(StatusCodes.OK, new NamespaceJson.Placement(name, nodes))
            : NamespaceProblems.unavailable("asking the shard regions of namespace [" + name + "]",
                "retry after a few seconds", error))));
  }

  /** Lists the namespaces after a refresh from the registry, so the list shows a change made on any node. */
  private Route listRoute() {
    return completeWithFuture(directory.refresh().handle((table, error) -> {
      if (error != null) {
        return NamespaceProblems.unavailable("reading the namespace table from the registry",
            "retry after a few seconds", error);
      }
      List<NamespaceJson.NamespaceView> views = directory.all().stream().map(NamespaceJson.NamespaceView::of).toList();
      return Problems.json(StatusCodes.OK, new NamespaceJson.NamespaceList(views));
    }));
  }

  private Route createRoute() {
    return withBody(List.of(MediaTypes.APPLICATION_JSON), NamespaceJson::decodeCreate, decoded -> {
      NamespaceRules.Checked checked = rules.create(decoded.request());
      if (!decoded.errors().isEmpty() || checked.spec().isEmpty()) {
        return CompletableFuture.completedFuture(
            NamespaceProblems.fieldErrors(NamespaceJson.merge(decoded.errors(), checked.errors())));
      }
      NamespaceSpec spec = checked.spec().get();
      return admin.create(spec).handle((reply, error) -> error == null
          ? toResponse(reply)
          : NamespaceProblems.unavailable("creating namespace [" + spec.name() + "]", "it may or may not have"
              + " been created, so GET " + COLLECTION + "/" + spec.name() + " to check before you retry", error));
    });
  }

  private Route changeRoute(String name) {
    if (name.equals(NamespaceSpec.DEFAULT_NAME)) {
      return complete(NamespaceProblems.builtIn("changed"));
    }
    List<MediaType> accepted = List.of(MediaTypes.APPLICATION_JSON, MediaTypes.APPLICATION_MERGE_PATCH_JSON);
    return withBody(accepted, NamespaceJson::decodeChange, decoded -> {
      if (!decoded.errors().isEmpty()) {
        return CompletableFuture.completedFuture(NamespaceProblems.fieldErrors(decoded.errors()));
      }
      return admin.change(name, decoded.request()).handle((reply, error) -> error == null
          ? toResponse(reply)
          : NamespaceProblems.unavailable("changing namespace [" + name + "]", "it may or may not have"
              + " changed, so GET " + COLLECTION + "/" + name + " to check before you retry", error));
    });
  }

  private Route deleteRoute(String name) {
    if (name.equals(NamespaceSpec.DEFAULT_NAME)) {
      return complete(NamespaceProblems.builtIn("deleted"));
    }
    return parameterOptional("force", force -> {
      boolean forced = parseForce(force);
      return NamespaceLookup.withNamespace(directory, name, namespace -> completeWithFuture(
          admin.delete(namespace, forced).handle((reply, error) -> error == null
              ? deleted(namespace, reply)
              : NamespaceProblems.unavailable("deleting namespace [" + name + "]", deleteAdvice(namespace),
                  error))));
    });
  }

  private static boolean parseForce(Optional<String> force) {
    if (force.isEmpty() || force.get().equalsIgnoreCase("false")) {
      return false;
    }
    if (force.get().equalsIgnoreCase("true")) {
      return true;
    }
    throw new InvalidRequestException("invalid-parameter", "force [" + force.get() + "] is invalid; use"
        + " force=true to delete the namespace together with its keys, or leave force out");
  }

  /** Returns how to retry a delete whose outcome is unknown. The key count needs a reply from every partition. */
  private static String deleteAdvice(Namespace namespace) {
    String role = namespace.spec().role();
    String hosts = role.isEmpty() ? "" : ", and check that a node with role [" + role + "] is up, because only"
        + " such nodes host its partitions";
    return "some of its keys may have been deleted; retry the DELETE" + hosts;
  }

  /** Maps the outcome of {@link NamespaceAdmin#delete}: a registry reply, NotEmpty, or a partition's rejection. */
  private static HttpResponse deleted(Namespace namespace, Object reply) {
    if (reply instanceof NamespaceAdmin.NotEmpty notEmpty) {
      return NamespaceProblems.notEmpty(notEmpty);
    }
    if (reply instanceof PartitionReply rejection) {
      return NamespaceProblems.purgeRejected(namespace.name(), rejection);
    }
    return toResponse((RegistryReply) reply);
  }

  private static HttpResponse toResponse(RegistryReply reply) {
    if (reply instanceof RegistryReply.Created created) {
      return Problems.json(StatusCodes.CREATED, NamespaceJson.NamespaceView.of(created.namespace()))
          .addHeader(RawHeader.create("Location", COLLECTION + "/" + created.namespace().name()));
    } else if (reply instanceof RegistryReply.Changed changed) {
      return Problems.json(StatusCodes.OK, NamespaceJson.NamespaceView.of(changed.namespace()));
    } else if (reply instanceof RegistryReply.Removed) {
      return HttpResponse.create().withStatus(StatusCodes.NO_CONTENT);
    } else if (reply instanceof RegistryReply.AlreadyExists exists) {
      return NamespaceProblems.alreadyExists(exists.existing());
    } else if (reply instanceof RegistryReply.Unknown unknown) {
      return NamespaceProblems.notFound(unknown.name(), unknown.existing());
    }
    RegistryReply.Rejected rejected = (RegistryReply.Rejected) reply;
    return NamespaceProblems.fieldErrors(rejected.errors());
  }

  /**
   * Reads a JSON body of one of the {@code accepted} media types, decodes it with {@code decoder} and completes
   * with the response of {@code handler}. A body that is not one JSON object, has another media type or is too
   * large raises {@link InvalidRequestException}.
   */
  private Route withBody(List<MediaType> accepted, Function<byte[], NamespaceJson.Decoded> decoder,
      Function<NamespaceJson.Decoded, CompletionStage<HttpResponse>> handler) {
    return extractMaterializer(materializer -> extractRequestEntity(entity -> {
      checkBodyHeaders(entity, accepted);
      CompletionStage<HttpResponse> response = Futures.direct(
              entity.toStrict(BODY_TIMEOUT.toMillis(), MAX_BODY_BYTES, materializer))
          .handle((strict, error) -> {
            if (error != null && ValueBodies.isTooLarge(error)) {
              throw bodyTooLarge(OptionalLong.empty());
            }
            if (error != null) {
              throw new java.util.concurrent.CompletionException(error);
            }
            return decoder.apply(strict.getData().toArray());
          })
          .thenCompose(handler);
      return completeWithFuture(response);
    }));
  }

  private static void checkBodyHeaders(HttpEntity entity, List<MediaType> accepted) {
    if (!accepted.contains(entity.getContentType().mediaType())) {
      List<String> names = accepted.stream().map(MediaType::toString).toList();
      throw new InvalidRequestException(StatusCodes.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type",
          "the body has Content-Type [" + entity.getContentType() + "] (application/octet-stream also when the"
              + " header is missing); send the namespace as JSON with Content-Type: " + String.join(" or ", names));
    }
    entity.getContentLengthOption().ifPresent(length -> {
      if (length > MAX_BODY_BYTES) {
        throw bodyTooLarge(OptionalLong.of(length));
      }
    });
  }

  /** @param length the body's Content-Length; empty for a chunked body */
  private static InvalidRequestException bodyTooLarge(OptionalLong length) {
    String size = length.isPresent() ? "is " + length.getAsLong() + " bytes, more than" : "is larger than";
    return new InvalidRequestException(StatusCodes.PAYLOAD_TOO_LARGE, "body-too-large", "the request body "
        + size + " the limit of " + MAX_BODY_BYTES + " bytes for a namespace request; send only the namespace's"
        + " fields");
  }
}
