package io.cohort.http;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.apache.pekko.http.scaladsl.model.EntityStreamException;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every rejection and exception of the routes into an {@code application/problem+json} response, so no
 * client ever sees Pekko HTTP's plain-text errors.
 */
public final class ErrorHandling {
  private static final Logger log = LoggerFactory.getLogger(ErrorHandling.class);

  private ErrorHandling() {}

  public static RejectionHandler rejectionHandler() {
    return RejectionHandler.newBuilder()
        .handleNotFound(org.apache.pekko.http.javadsl.server.Directives.complete(Problems.response(
            StatusCodes.NOT_FOUND, "no-such-resource",
            "no resource at this path; keys live under /v1/kv/{key} and /v1/ns/{namespace}/kv/{key}, with '/'"
                + " in a key encoded as %2F, and namespaces under /v1/namespaces")))
        .build()
        .withFallback(RejectionHandler.defaultHandler())
        .mapRejectionResponse(ErrorHandling::toProblem);
  }

  public static ExceptionHandler exceptionHandler() {
    return ExceptionHandler.newBuilder()
        .matchAny(error -> org.apache.pekko.http.javadsl.server.Directives.complete(responseFor(error)))
        .build();
  }

  static HttpResponse responseFor(Throwable error) {
    Throwable cause = unwrap(error);
    if (cause instanceof InvalidRequestException invalid) {
      return Problems.response(invalid.status(), invalid.slug(), invalid.getMessage());
    }
    EntityStreamSizeException tooLarge = findCause(cause, EntityStreamSizeException.class);
    if (tooLarge != null) {
      return Problems.response(StatusCodes.PAYLOAD_TOO_LARGE, "value-too-large", "the request body is larger"
          + " than the limit of " + tooLarge.limit() + " bytes (cohort.limits.max-value-bytes); store a smaller value");
    }
    // A chunked body over the limit fails the request parser's stream with this summary rather than with
    // an EntityStreamSizeException (Pekko HTTP 1.3.0).
    if (cause instanceof EntityStreamException broken && broken.info().summary().startsWith("Request too large")) {
      return Problems.response(StatusCodes.PAYLOAD_TOO_LARGE, "value-too-large", "the chunked request body is"
          + " larger than cohort.limits.max-value-bytes; store a smaller value");
    }
    if (cause instanceof EntityStreamException broken) {
      return Problems.response(StatusCodes.BAD_REQUEST, "malformed-body", "the request body could not be read: "
          + broken.info().summary() + "; send the whole body with a correct Content-Length or chunked encoding");
    }
    if (cause instanceof TimeoutException) {
      return Problems.response(StatusCodes.REQUEST_TIMEOUT, "body-timeout",
          "the request body did not arrive in time; send the whole body without pausing");
    }
    log.error("unexpected error while serving a request", cause);
    return Problems.response(StatusCodes.INTERNAL_SERVER_ERROR, "internal-error",
        "the node failed to serve this request (" + cause.getClass().getSimpleName()
            + "); the node log has the details");
  }

  /** Rewraps a rejection response from Pekko's default handler as a problem, keeping status and headers. */
  private static HttpResponse toProblem(HttpResponse response) {
    if (response.entity().getContentType().equals(Problems.PROBLEM_JSON)) {
      return response;
    }
    String detail = response.entity() instanceof org.apache.pekko.http.javadsl.model.HttpEntity.Strict strict
        ? strict.getData().utf8String()
        : response.status().reason();
    HttpResponse problem = Problems.response(response.status(), slugOf(response.status().intValue()), detail);
    return problem.addHeaders(response.getHeaders());
  }

  private static String slugOf(int status) {
    return switch (status) {
      case 405 -> "method-not-allowed";
      case 415 -> "unsupported-media-type";
      case 413 -> "value-too-large";
      default -> "bad-request";
    };
  }

  /** Returns the first throwable of {@code type} in the cause chain of {@code error}, or null. */
  static <T extends Throwable> T findCause(Throwable error, Class<T> type) {
    Throwable current = error;
    for (int depth = 0; current != null && depth < 10; depth++) {
      if (type.isInstance(current)) {
        return type.cast(current);
      }
      current = current.getCause();
    }
    return null;
  }

  static Throwable unwrap(Throwable error) {
    Throwable current = error;
    while ((current instanceof CompletionException || current instanceof ExecutionException)
        && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }
}
