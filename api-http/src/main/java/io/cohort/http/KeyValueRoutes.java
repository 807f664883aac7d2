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
  private static final ObjectReader JSON_READER =
      Problems.MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private final KeyValueService service;
  private final LimitSettings limits;
  private final Duration bodyTimeout;
  private final UnavailableLog unavailableLog = new UnavailableLog(log);

  public KeyValueRoutes(KeyValueService service, LimitSettings limits, Duration bodyTimeout) {
    this.service = service;
    this.limits = limits;
    this.bodyTimeout = bodyTimeout;
  }

  public Route routes() {
    return pathPrefix("v1", () -> pathPrefix("kv", () -> concat(
        pathEndOrSingleSlash(() -> complete(Problems.response(StatusCodes.BAD_REQUEST, "missing-key",
            "the path has no key; use /v1/kv/{key} with the key percent-encoded as one path segment"))),
        path(PathMatchers.segment(), this::keyRoute))));
  }

  /** Invalid input raises {@link InvalidRequestException}, which {@link ErrorHandling} turns into a problem. */
  private Route keyRoute(String key) {
    validateKey(key);
    return concat(
        get(() -> completeWithFuture(ask(key, service.get(key)))),
        put(() -> preconditions(ConditionalHeaders::forPut, precondition -> putRoute(key, precondition))),
        delete(() -> preconditions(ConditionalHeaders::forDelete,
            precondition -> completeWithFuture(ask(key, service.delete(key, precondition))))));
  }

  private Route putRoute(String key, Precondition precondition) {
    return extractMaterializer(materializer -> extractRequestEntity(entity -> {
      checkBodyHeaders(entity);
      CompletionStage<HttpResponse> response = readBody(entity, materializer)
          .thenCompose(value -> ask(key, service.put(key, value, precondition)));
      return completeWithFuture(response);
    }));
  }

  private Route preconditions(
      java.util.function.BiFunction<Optional<String>, Optional<String>, Precondition> parser,
      Function<Precondition, Route> inner) {
    return optionalHeaderValueByName("If-Match", ifMatch ->
        optionalHeaderValueByName("If-None-Match", ifNoneMatch ->
            inner.apply(parser.apply(ifMatch, ifNoneMatch))));
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
      throw new InvalidRequestException(StatusCodes.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type",
          "the body has Content-Type [" + entity.getContentType() + "]; send the value as JSON with"
              + " Content-Type: application/json");
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

  private CompletionStage<byte[]> readBody(HttpEntity entity, Materializer materializer) {
    return Futures.direct(entity.toStrict(bodyTimeout.toMillis(), limits.maxValueBytes(), materializer))
        .thenApply(strict -> validateJson(strict.getData().toArray()));
  }

  private static byte[] validateJson(byte[] body) {
    JsonNode parsed;
    try {
      parsed = JSON_READER.readTree(body);
    } catch (JsonProcessingException e) {
      throw new InvalidRequestException("malformed-json", "the body is not valid JSON: "
          + e.getOriginalMessage() + " at line " + e.getLocation().getLineNr() + ", column "
          + e.getLocation().getColumnNr() + "; send one JSON value");
    } catch (IOException e) {
      throw new InvalidRequestException("malformed-json", "the body could not be read as JSON: " + e.getMessage());
    }
    if (parsed == null || parsed.isMissingNode()) {
      throw new InvalidRequestException("malformed-json", "the body is empty; send one JSON value, e.g. {} or null");
    }
    return body;
  }

  private CompletionStage<HttpResponse> ask(String key, CompletionStage<PartitionReply> reply) {
    return reply.handle((answer, error) -> {
      if (error == null) {
        return ReplyResponses.toResponse(answer);
      }
      int partition = service.partitioner().partitionOf(key);
      unavailableLog.record(partition, unwrap(error));
      return Problems.unavailable("partition " + partition + " (key [" + key + "]) did not reply in time; it may"
          + " be starting, recovering or moving to another node, so retry after a second. A write that timed"
          + " out may or may not have been applied", 1);
    });
  }

  private static Throwable unwrap(Throwable error) {
    return ErrorHandling.unwrap(error);
  }
}
