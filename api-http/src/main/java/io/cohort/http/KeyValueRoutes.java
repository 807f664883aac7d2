package io.cohort.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.cohort.config.LimitSettings;
import io.cohort.core.concurrent.Futures;
import io.cohort.core.partition.PartitionReply;
import io.cohort.core.partition.Precondition;
import io.cohort.core.sharding.KeyValueService;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.Materializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /v1/kv/{key}}: get, put and delete one key. The key is one path segment, percent-decoded once by
 * the server, so a key may contain any character when the client percent-encodes it.
 */
public final class KeyValueRoutes extends AllDirectives {
  private static final Logger log = LoggerFactory.getLogger(KeyValueRoutes.class);
  private static final String KEY_PREFIX = "/v1/kv/";
  private static final ObjectReader JSON_READER =
      Problems.MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private final KeyValueService service;
  private final LimitSettings limits;
  private final Duration bodyTimeout;
  private final NodeRouting routing;
  private final UnavailableLog unavailableLog = new UnavailableLog(log);

  public KeyValueRoutes(KeyValueService service, LimitSettings limits, Duration bodyTimeout, NodeRouting routing) {
    this.service = service;
    this.limits = limits;
    this.bodyTimeout = bodyTimeout;
    this.routing = routing;
  }

  public Route routes() {
    return concat(dotSegmentKeys(), pathPrefix("v1", () -> pathPrefix("kv", () -> concat(
        pathEndOrSingleSlash(() -> complete(Problems.response(StatusCodes.BAD_REQUEST, "missing-key",
            "the path has no key; use /v1/kv/{key} with the key percent-encoded as one path segment"))),
        path(PathMatchers.segment(), decoded -> optionalHeaderValueByName("Raw-Request-URI",
            raw -> routedKeyRoute(raw.map(target -> RawKeys.keyOf(target, KEY_PREFIX)).orElse(decoded),
                raw.map(RawKeys::pathOf))))))));
  }

  /**
   * Rejects the keys {@code .} and {@code ..}, also percent-encoded: Pekko HTTP removes such dot-segments
   * from the path before routing, so they would address {@code /v1/kv/} or {@code /v1/} instead.
   */
  private Route dotSegmentKeys() {
    return optionalHeaderValueByName("Raw-Request-URI", raw -> {
      Optional<String> dotKey = raw.map(RawKeys::pathOf)
          .filter(path -> path.startsWith(KEY_PREFIX) && path.indexOf('/', KEY_PREFIX.length()) < 0)
          .map(path -> RawKeys.keyOf(path, KEY_PREFIX))
          .filter(key -> key.equals(".") || key.equals(".."));
      if (dotKey.isEmpty()) {
        return reject();
      }
      throw new InvalidRequestException("invalid-key", "the key [" + dotKey.get() + "] cannot be used: HTTP"
          + " treats '.' and '..' as path dot-segments, even percent-encoded; choose another key");
    });
  }

  /**
   * Adds the routing headers to every response for the key, and returns 307 to the partition's owner instead
   * of forwarding when the request carries {@code Cohort-Redirect: true} and the owner is another node.
   */
  private Route routedKeyRoute(String key, Optional<String> rawPath) {
    validateKey(key);
    int partition = service.partitioner().partitionOf(key);
    return respondWithHeaders(routing.headers(partition), () -> optionalHeaderValueByName(
        NodeRouting.REDIRECT_HEADER, redirect -> {
          Optional<String> owner = redirect.filter("true"::equalsIgnoreCase).flatMap(yes -> routing.elsewhere(partition));
          if (owner.isEmpty()) {
            return keyRoute(key);
          }
          return extractUri(uri -> complete(ReplyResponses.redirect(
              owner.get() + rawPath.orElse(uri.getPathString()), key, partition)));
        }));
  }

  /** Invalid input raises {@link InvalidRequestException}, which {@link ErrorHandling} turns into a problem. */
  private Route keyRoute(String key) {
    return concat(
        get(() -> preconditions(ConditionalHeaders::forGet, condition -> getRoute(key, condition))),
        put(() -> preconditions(ConditionalHeaders::forPut, precondition -> putRoute(key, precondition))),
        delete(() -> preconditions(ConditionalHeaders::forDelete,
            precondition -> completeWithFuture(ask(key, service.delete(key, precondition))))));
  }

  private Route getRoute(String key, ConditionalHeaders.ReadCondition condition) {
    CompletionStage<HttpResponse> response = service.get(key).handle((reply, error) -> {
      if (error == null) {
        long version = reply instanceof PartitionReply.Found found ? found.version() : 0;
        Optional<Integer> status = condition.statusFor(version);
        if (status.isPresent()) {
          return ReplyResponses.readPreconditionResponse(key, version, status.get());
        }
      }
      return toResponse(key, reply, error);
    });
    return completeWithFuture(response);
  }

  private Route putRoute(String key, Precondition precondition) {
    return extractMaterializer(materializer -> extractRequestEntity(entity -> {
      checkBodyHeaders(entity);
      CompletionStage<HttpResponse> response = readBody(key, entity, materializer)
          .thenCompose(value -> ask(key, service.put(key, value, precondition)));
      return completeWithFuture(response);
    }));
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

  private void checkBodyHeaders(HttpEntity entity) {
    if (!entity.getContentType().mediaType().equals(MediaTypes.APPLICATION_JSON)) {
      // Pekko HTTP reports a missing Content-Type as application/octet-stream.
      throw new InvalidRequestException(StatusCodes.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type",
          "the body has Content-Type [" + entity.getContentType() + "] (application/octet-stream also when the"
              + " header is missing); send the value as JSON with Content-Type: application/json");
    }
    entity.getContentLengthOption().ifPresent(length -> {
      if (length > limits.maxValueBytes()) {
        throw valueTooLarge(length);
      }
    });
  }

  private InvalidRequestException valueTooLarge(long length) {
    return new InvalidRequestException(StatusCodes.PAYLOAD_TOO_LARGE, "value-too-large", "the value is " + length
        + " bytes, more than the limit of " + limits.maxValueBytes()
        + " bytes (cohort.limits.max-value-bytes); store a smaller value or split it over several keys");
  }

  private CompletionStage<byte[]> readBody(String key, HttpEntity entity, Materializer materializer) {
    return Futures.direct(entity.toStrict(bodyTimeout.toMillis(), limits.maxValueBytes(), materializer))
        .thenApply(strict -> validateJson(key, strict.getData().toArray()));
  }

  private static byte[] validateJson(String key, byte[] body) {
    JsonNode parsed;
    try {
      parsed = JSON_READER.readTree(body);
    } catch (JsonProcessingException e) {
      throw new InvalidRequestException("malformed-json", "the value for key [" + key + "] is not valid JSON: "
          + jsonProblem(e) + " at line " + e.getLocation().getLineNr() + ", column "
          + e.getLocation().getColumnNr() + "; send exactly one JSON value");
    } catch (IOException e) {
      throw new InvalidRequestException("malformed-json", "the value for key [" + key
          + "] could not be read as JSON: " + e.getMessage());
    }
    if (parsed == null || parsed.isMissingNode()) {
      throw new InvalidRequestException("malformed-json", "the value for key [" + key
          + "] is empty; send one JSON value, e.g. {} or null");
    }
    return body;
  }

  /** Returns Jackson's message without the parser internals it appends in parentheses. */
  private static String jsonProblem(JsonProcessingException e) {
    if (e instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException
        && e.getOriginalMessage().startsWith("Trailing token")) {
      return "more than one JSON value";
    }
    String message = e.getOriginalMessage();
    int internals = message.indexOf(" (");
    return internals > 0 ? message.substring(0, internals) : message;
  }

  private CompletionStage<HttpResponse> ask(String key, CompletionStage<PartitionReply> reply) {
    return reply.handle((answer, error) -> toResponse(key, answer, error));
  }

  private HttpResponse toResponse(String key, PartitionReply reply, Throwable error) {
    if (error == null) {
      return ReplyResponses.toResponse(reply);
    }
    int partition = service.partitioner().partitionOf(key);
    unavailableLog.record(partition, ErrorHandling.unwrap(error));
    return Problems.unavailable("partition " + partition + " (key [" + key + "]) did not reply in time; it may"
        + " be starting, recovering or moving to another node, so retry after a second. A write that timed"
        + " out may or may not have been applied", 1);
  }
}
