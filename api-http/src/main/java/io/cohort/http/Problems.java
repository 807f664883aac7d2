package io.cohort.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;

/** Builds {@code application/problem+json} responses; every error response of the API goes through here. */
public final class Problems {
  public static final ContentType PROBLEM_JSON =
      MediaTypes.applicationWithFixedCharset("problem+json", org.apache.pekko.http.javadsl.model.HttpCharsets.UTF_8)
          .toContentType();
  static final ObjectMapper MAPPER = new ObjectMapper();

  private Problems() {}

  public static HttpResponse response(StatusCode status, String slug, String detail) {
    return response(status, slug, detail, Map.of(), List.of());
  }

  public static HttpResponse response(
      StatusCode status, String slug, String detail, Map<String, Object> extensions, List<HttpHeader> headers) {
    Problem problem = new Problem(
        "urn:cohort:problem:" + slug, status.reason(), status.intValue(), detail, null, extensions);
    return HttpResponse.create()
        .withStatus(status)
        .withEntity(HttpEntities.create(PROBLEM_JSON, toJson(problem)))
        .addHeaders(headers);
  }

  /** 503 with {@code Retry-After}, for a partition that is starting, recovering or moving. */
  public static HttpResponse unavailable(String detail, int retryAfterSeconds) {
    return unavailable("unavailable", detail, Map.of(), retryAfterSeconds);
  }

  /** 503 with {@code Retry-After} and a problem type of its own, such as {@code no-host-for-role}. */
  public static HttpResponse unavailable(String slug, String detail, Map<String, Object> extensions,
      int retryAfterSeconds) {
    return response(StatusCodes.SERVICE_UNAVAILABLE, slug, detail, extensions,
        List.of(RawHeader.create("Retry-After", Integer.toString(retryAfterSeconds))));
  }

  static byte[] toJson(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode " + value.getClass().getSimpleName() + " as JSON", e);
    }
  }

  static HttpResponse json(StatusCode status, Object body) {
    return HttpResponse.create().withStatus(status)
        .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, toJson(body)));
  }
}
