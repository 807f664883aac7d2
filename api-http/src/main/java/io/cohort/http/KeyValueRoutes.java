package io.cohort.http;

import io.cohort.config.LimitSettings;
import io.cohort.core.namespace.Namespace;
import io.cohort.core.namespace.NamespaceDirectory;
import io.cohort.core.partition.PartitionReply;
import io.cohort.core.partition.Precondition;
import io.cohort.core.sharding.KeyValueService;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /v1/kv/{key}} and {@code /v1/ns/{namespace}/kv/{key}}: get, put and delete one key, in the built-in
 * {@code default} namespace or in the named one. The key is one path segment, percent-decoded once by the
 * server, so a key may contain any character when the client percent-encodes it.
 */
public final class KeyValueRoutes extends AllDirectives {
  private static final Logger log = LoggerFactory.getLogger(KeyValueRoutes.class);
  private static final String KEY_PREFIX = "/v1/kv/";

  private final KeyValueService service;
  private final NamespaceDirectory directory;
  private final LimitSettings limits;
  private final ValueBodies bodies;
  private final NodeRouting routing;
  private final UnavailableLog unavailableLog = new UnavailableLog(log);

  /** One key of one namespace and the partition it hashes to. */
  private record Target(Namespace namespace, String key, int partition) {
    String describe() {
      String where = namespace.isDefault() ? "" : " of namespace [" + namespace.name() + "]";
      return "partition " + partition + where + " (key [" + key + "])";
    }
  }

  public KeyValueRoutes(KeyValueService service, NamespaceDirectory directory, LimitSettings limits,
      Duration bodyTimeout, NodeRouting routing) {
    this.service = service;
    this.directory = directory;
    this.limits = limits;
    this.bodies = new ValueBodies(bodyTimeout);
    this.routing = routing;
  }

  public Route routes() {
    return concat(DotSegments.rejectInKeyPaths(), pathPrefix("v1", () -> concat(
        pathPrefix("kv", () -> keyPaths("/v1/kv/{key}",
            (decoded, raw) -> routedKeyRoute(raw.map(target -> RawKeys.keyOf(target, KEY_PREFIX)).orElse(decoded),
                raw.map(RawKeys::pathOf)))),
        pathPrefix(PathMatchers.segment("ns").slash(PathMatchers.segment()).slash("kv"), name -> keyPaths(
            "/v1/ns/" + name + "/kv/{key}",
            (decoded, raw) -> namespacedKeyRoute(name,
                raw.flatMap(RawKeys::namespacedKeyOf).orElse(decoded), raw.map(RawKeys::pathOf)))))));
  }

  /** Matches {@code /{key}} below a key prefix. A missing key is a 400 whose detail shows {@code template}. */
  private Route keyPaths(String template, java.util.function.BiFunction<String, Optional<String>, Route> keyRoute) {
    return concat(
        pathEndOrSingleSlash(() -> complete(Problems.response(StatusCodes.BAD_REQUEST, "missing-key",
            "the path has no key; use " + template + " with the key percent-encoded as one path segment"))),
        path(PathMatchers.segment(), decoded -> optionalHeaderValueByName("Raw-Request-URI",
            raw -> keyRoute.apply(decoded, raw))));
  }

  private Route namespacedKeyRoute(String name, String key, Optional<String> rawPath) {
    return NamespaceLookup.withNamespace(directory, name, namespace -> {
      if (namespace.isDefault()) {
        return routedKeyRoute(key, rawPath);
      }
      validateKey(key);
      int partition = service.partitionerOf(namespace).partitionOf(key);
      // NodeRouting tracks where the partitions of the built-in namespace run, and no other's, so these
      // responses carry Cohort-Partition without Cohort-Owner, and Cohort-Redirect is ignored.
      return respondWithHeader(RawHeader.create(NodeRouting.PARTITION_HEADER, Integer.toString(partition)),
          () -> keyRoute(new Target(namespace, key, partition)));
    });
  }

  /**
   * Adds the routing headers to every response for a key of the built-in namespace, and returns 307 to the
   * partition's owner instead of forwarding when the request carries {@code Cohort-Redirect: true} and the
   * owner is another node.
   */
  private Route routedKeyRoute(String key, Optional<String> rawPath) {
    validateKey(key);
    int partition = service.partitioner().partitionOf(key);
    Target target = new Target(service.defaultNamespace(), key, partition);
    return respondWithHeaders(routing.headers(partition), () -> optionalHeaderValueByName(
        NodeRouting.REDIRECT_HEADER, redirect -> {
          Optional<String> owner = redirect.filter("true"::equalsIgnoreCase).flatMap(yes -> routing.elsewhere(partition));
          if (owner.isEmpty()) {
            return keyRoute(target);
          }
          return extractUri(uri -> complete(ReplyResponses.redirect(
              owner.get() + rawPath.orElse(uri.getPathString()), key, partition)));
        }));
  }

  /** Invalid input raises {@link InvalidRequestException}, which {@link ErrorHandling} turns into a problem. */
  private Route keyRoute(Target target) {
    return concat(
        get(() -> preconditions(ConditionalHeaders::forGet, condition -> getRoute(target, condition))),
        put(() -> preconditions(ConditionalHeaders::forPut, precondition -> putRoute(target, precondition))),
        delete(() -> preconditions(ConditionalHeaders::forDelete, precondition -> completeWithFuture(
            ask(target, service.delete(target.namespace(), target.key(), precondition))))));
  }

  private Route getRoute(Target target, ConditionalHeaders.ReadCondition condition) {
    CompletionStage<HttpResponse> response = service.get(target.namespace(), target.key())
        .handle((reply, error) -> {
          if (error == null) {
            long version = reply instanceof PartitionReply.Found found ? found.version() : 0;
            Optional<Integer> status = condition.statusFor(version);
            if (status.isPresent()) {
              return ReplyResponses.readPreconditionResponse(target.key(), version, status.get());
            }
          }
          return toResponse(target, reply, error);
        });
    return completeWithFuture(response);
  }

  private Route putRoute(Target target, Precondition precondition) {
    ValueBodies.ValueLimit limit = valueLimit(target.namespace());
    return extractMaterializer(materializer -> extractRequestEntity(entity -> {
      bodies.checkBodyHeaders(entity, limit);
      CompletionStage<HttpResponse> response = bodies.readBody(target.key(), entity, limit, materializer)
          .thenCompose(value -> ask(target, service.put(target.namespace(), target.key(), value, precondition)));
      return completeWithFuture(response);
    }));
  }

  /** Returns the value limit of {@code namespace}: its maxValueBytes, capped by cohort.limits.max-value-bytes. */
  private ValueBodies.ValueLimit valueLimit(Namespace namespace) {
    long nodeLimit = limits.maxValueBytes();
    if (namespace.isDefault() || namespace.spec().maxValueBytes() >= nodeLimit) {
      return new ValueBodies.ValueLimit(nodeLimit, "cohort.limits.max-value-bytes");
    }
    return new ValueBodies.ValueLimit(namespace.spec().maxValueBytes(),
        "maxValueBytes of namespace [" + namespace.name() + "]");
  }

  /** Parses If-Match and If-None-Match, each joined over all headers of that name, with {@code parser}. */
  private <T> Route preconditions(
      java.util.function.BiFunction<Optional<String>, Optional<String>, T> parser, Function<T, Route> inner) {
    return extractRequest(request -> inner.apply(
        parser.apply(joinedHeader(request, "If-Match"), joinedHeader(request, "If-None-Match"))));
  }

  private static Optional<String> joinedHeader(org.apache.pekko.http.javadsl.model.HttpRequest request, String name) {
    List<String> values = new ArrayList<>();
    for (org.apache.pekko.http.javadsl.model.HttpHeader header : request.getHeaders()) {
      if (header.is(name.toLowerCase(java.util.Locale.ROOT))) {
        values.add(header.value());
      }
    }
    return values.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", values));
  }

  private void validateKey(String key) {
    int bytes = key.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > limits.maxKeyBytes()) {
      throw new InvalidRequestException(StatusCodes.URI_TOO_LONG, "key-too-long", "the key is " + bytes
          + " UTF-8 bytes long, more than the limit of " + limits.maxKeyBytes()
          + " (cohort.limits.max-key-bytes); use a shorter key");
    }
  }

  private CompletionStage<HttpResponse> ask(Target target, CompletionStage<PartitionReply> reply) {
    return reply.handle((answer, error) -> toResponse(target, answer, error));
  }

  private HttpResponse toResponse(Target target, PartitionReply reply, Throwable error) {
    if (error == null) {
      return ReplyResponses.toResponse(reply);
    }
    unavailableLog.record(target.partition(), ErrorHandling.unwrap(error));
    return Problems.unavailable(target.describe() + " did not reply in time; it may be starting, recovering or"
        + " moving to another node, so retry after a second. A write that timed out may or may not have been"
        + " applied", 1);
  }
}
