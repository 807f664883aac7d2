package io.cohort.http;

import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;

/** Bad client input found while decoding a request; the routes turn it into a problem response. */
final class InvalidRequestException extends RuntimeException {
  private final StatusCode status;
  private final String slug;

  InvalidRequestException(String slug, String detail) {
    this(StatusCodes.BAD_REQUEST, slug, detail);
  }

  InvalidRequestException(StatusCode status, String slug, String detail) {
    super(detail, null, false, false);
    this.status = status;
    this.slug = slug;
  }

  StatusCode status() {
    return status;
  }

  String slug() {
    return slug;
  }
}
