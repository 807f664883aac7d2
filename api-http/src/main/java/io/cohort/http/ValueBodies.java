package io.cohort.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.cohort.core.concurrent.Futures;
import java.io.IOException;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.scaladsl.model.EntityStreamException;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.apache.pekko.stream.Materializer;

/** Reads the JSON value of a PUT: checks its Content-Type and size, then that it is exactly one JSON value. */
final class ValueBodies {
  private static final ObjectReader JSON_READER =
      Problems.MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /**
   * The largest value a write may carry.
   *
   * @param maxBytes the limit in bytes
   * @param source the setting that sets it, named in the 413 response
   */
  record ValueLimit(long maxBytes, String source) {}

  private final Duration bodyTimeout;

  ValueBodies(Duration bodyTimeout) {
    this.bodyTimeout = bodyTimeout;
  }

  void checkBodyHeaders(HttpEntity entity, ValueLimit limit) {
    if (!entity.getContentType().mediaType().equals(MediaTypes.APPLICATION_JSON)) {
      // Pekko HTTP reports a missing Content-Type as application/octet-stream.
      throw new InvalidRequestException(StatusCodes.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type",
          "the body has Content-Type [" + entity.getContentType() + "] (application/octet-stream also when the"
              + " header is missing); send the value as JSON with Content-Type: application/json");
    }
    entity.getContentLengthOption().ifPresent(length -> {
      if (length > limit.maxBytes()) {
        throw valueTooLarge(OptionalLong.of(length), limit);
      }
    });
  }

  /**
   * Reads the whole body, at most {@code limit} bytes, and checks that it is one JSON value. A body over the
   * limit fails with a 413 that names {@code limit}'s setting.
   */
  CompletionStage<byte[]> readBody(String key, HttpEntity entity, ValueLimit limit, Materializer materializer) {
    return Futures.direct(entity.toStrict(bodyTimeout.toMillis(), limit.maxBytes(), materializer))
        .handle((strict, error) -> {
          if (error != null) {
            throw isTooLarge(error) ? valueTooLarge(OptionalLong.empty(), limit) : asUnchecked(error);
          }
          return validateJson(key, strict.getData().toArray());
        });
  }

  /**
   * Returns whether reading a body failed because it passed a size limit: the limit of {@code toStrict}, or
   * the server's own for a chunked body, which fails the request parser's stream with a "Request too large"
   * summary rather than with an EntityStreamSizeException (Pekko HTTP 1.3.0).
   */
  static boolean isTooLarge(Throwable error) {
    if (ErrorHandling.findCause(error, EntityStreamSizeException.class) != null) {
      return true;
    }
    EntityStreamException broken = ErrorHandling.findCause(error, EntityStreamException.class);
    return broken != null && broken.info().summary().startsWith("Request too large");
  }

  private static RuntimeException asUnchecked(Throwable error) {
    return error instanceof RuntimeException runtime ? runtime : new java.util.concurrent.CompletionException(error);
  }

  /** @param length the body's Content-Length; empty for a chunked body */
  private static InvalidRequestException valueTooLarge(OptionalLong length, ValueLimit limit) {
    String size = length.isPresent() ? "is " + length.getAsLong() + " bytes, more than" : "is larger than";
    return new InvalidRequestException(StatusCodes.PAYLOAD_TOO_LARGE, "value-too-large", "the value " + size
        + " the limit of " + limit.maxBytes() + " bytes (" + limit.source()
        + "); store a smaller value or split it over several keys");
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
  static String jsonProblem(JsonProcessingException e) {
    if (e instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException
        && e.getOriginalMessage().startsWith("Trailing token")) {
      return "more than one JSON value";
    }
    String message = e.getOriginalMessage();
    int internals = message.indexOf(" (");
    return internals > 0 ? message.substring(0, internals) : message;
  }
}
