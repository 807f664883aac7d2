package io.cohort.http;

import org.apache.pekko.event.LoggingAdapter;
import org.apache.pekko.http.ParsingErrorHandler;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.scaladsl.model.ErrorInfo;
import org.apache.pekko.http.scaladsl.model.StatusCode;
import org.apache.pekko.http.scaladsl.settings.ServerSettings;

/**
 * Responds to requests that Pekko HTTP cannot parse (an invalid request target, oversized headers) with a problem
 * body instead of plain text. Such requests never reach the routes, so {@link ErrorHandling} does not see
 * them. Pekko loads the handler by name from {@code pekko.http.server.parsing.error-handler} and reads the
 * static {@code MODULE$} field, as it would for a Scala object.
 */
public final class ProblemParsingErrorHandler extends ParsingErrorHandler {
  public static final ProblemParsingErrorHandler MODULE$ = new ProblemParsingErrorHandler();

  private ProblemParsingErrorHandler() {}

  @Override
  public HttpResponse handle(StatusCode status, ErrorInfo info, LoggingAdapter log, ServerSettings settings) {
    log.debug("rejected an unparsable request with {}: {}", status.intValue(), info.formatPretty());
    if (status.intValue() == 505) { // HTTP Version Not Supported
      // Pekko reads "GET /a b HTTP/1.1" as version "b HTTP/1.1". An unencoded space in the path is far more
      // likely than a client speaking an unknown HTTP version, and it is the client's error.
      return Problems.response(StatusCodes.BAD_REQUEST, "unparsable-request", "the request line is invalid: "
          + info.summary() + "; percent-encode spaces in the key as %20 and send HTTP/1.1");
    }
    String detail = "the request could not be parsed: " + info.summary()
        + "; percent-encode the key as one path segment and keep headers within the server's limits";
    return Problems.response(StatusCodes.get(status.intValue()), "unparsable-request", detail);
  }
}
