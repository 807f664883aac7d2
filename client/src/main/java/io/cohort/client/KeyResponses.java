package io.cohort.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Decoders for the responses of {@code /v1/kv/{key}} and {@code /v1/ns/{namespace}/kv/{key}} and the mapping of
 * error statuses to exceptions: {@code 412} to {@link VersionConflictException}, {@code 503} to
 * {@link UnavailableException}, a {@code 404} of type {@code namespace-not-found} to
 * {@link NamespaceNotFoundException}, other {@code 4xx} to {@link InvalidRequestException} and anything else
 * unexpected to {@link CohortException}.
 */
final class KeyResponses {
  private static final int MAX_KEY_CHARS_IN_MESSAGES = 100;

  private final ObjectMapper mapper;
  private final ProblemParser problems;

  KeyResponses(ObjectMapper mapper) {
    this.mapper = mapper;
    this.problems = new ProblemParser(mapper);
  }

  /** Decodes a GET: {@code 200} is the value, a {@code 404} for a missing key is empty. */
  Optional<Versioned> decodeGet(KeyRequest request, HttpResponse<byte[]> response) {
    int status = response.statusCode();
    if (status == 200) {
      String json = new String(response.body(), StandardCharsets.UTF_8);
      return Optional.of(new Versioned(request.key(), json, versionFromEtag(request, response)));
    }
    if (status == 404 && isKeyNotFound(request, response)) {
      return Optional.empty();
    }
    throw errorFor(request, response);
  }

  /** Decodes a PUT ({@code 201} created, {@code 200} replaced), with the version from the body or the ETag. */
  WriteResult decodePut(KeyRequest request, HttpResponse<byte[]> response) {
    int status = response.statusCode();
    if (status != 200 && status != 201) {
      throw errorFor(request, response);
    }
    JsonNode version = readBody(response).path("version");
    long parsed = version.canConvertToLong() ? version.asLong() : versionFromEtag(request, response);
    return new WriteResult(request.key(), parsed, status == 201);
  }

  /**
   * Decodes a DELETE: {@code 204} is the delete's version from the ETag. A {@code 404} is empty for an
   * unconditional delete but a {@link VersionConflictException} with current version 0 for a conditional one.
   */
  OptionalLong decodeDelete(KeyRequest request, boolean conditional, HttpResponse<byte[]> response) {
    int status = response.statusCode();
    if (status == 204 || status == 200) {
      return OptionalLong.of(versionFromEtag(request, response));
    }
    if (status == 404 && isKeyNotFound(request, response)) {
      if (!conditional) {
        return OptionalLong.empty();
      }
      throw new VersionConflictException(request.describe() + " with If-Match failed: key not found",
          404, problems.parse(response), 0);
    }
    throw errorFor(request, response);
  }

  /** Maps an unexpected or error response to {@code request} to the matching exception. */
  CohortException errorFor(KeyRequest request, HttpResponse<byte[]> response) {
    int status = response.statusCode();
    Problem problem = problems.parse(response);
    String message = request.describe() + " on " + Endpoints.originOf(response.uri())
        + " failed with status " + status + describe(problem, response);
    if (status == 404 && isNamespaceNotFound(problem)) {
      return new NamespaceNotFoundException(message, problem, request.namespace(), existingNamespacesOf(problem));
    }
    if (status == 412) {
      return new VersionConflictException(message, status, problem, currentVersionOf(problem));
    }
    if (status == 503) {
      return new UnavailableException(message, problem, retryAfterOf(response));
    }
    if (status >= 400 && status < 500) {
      return new InvalidRequestException(message, status, problem);
    }
    return new CohortException(message, status, problem, null);
  }

  /** Shortens a key for messages, because keys may be long. */
  static String shorten(String key) {
    if (key.length() <= MAX_KEY_CHARS_IN_MESSAGES) {
      return key;
    }
    return key.substring(0, MAX_KEY_CHARS_IN_MESSAGES) + "...(" + key.length() + " chars)";
  }

  /**
   * Returns whether a {@code 404} means that the key does not exist. In the built-in namespace a 404 without a
   * problem body also counts as a missing key. In other namespaces only the {@code key-not-found} type counts, so
   * that a server without the namespace routes does not make every key look missing.
   */
  private boolean isKeyNotFound(KeyRequest request, HttpResponse<byte[]> response) {
    Problem problem = problems.parse(response);
    if (problem == null) {
      return request.isDefaultNamespace();
    }
    return problem.slug().map("key-not-found"::equals).orElse(false);
  }

  private static boolean isNamespaceNotFound(Problem problem) {
    return problem != null && problem.slug().map("namespace-not-found"::equals).orElse(false);
  }

  private static List<String> existingNamespacesOf(Problem problem) {
    List<String> names = new ArrayList<>();
    if (problem.extensions().get("namespaces") instanceof List<?> listed) {
      for (Object name : listed) {
        if (name != null) {
          names.add(name.toString());
        }
      }
    }
    return names;
  }

  private JsonNode readBody(HttpResponse<byte[]> response) {
    try {
      JsonNode body = mapper.readTree(response.body());
      return body == null ? mapper.missingNode() : body;
    } catch (java.io.IOException e) {
      return mapper.missingNode();
    }
  }

  private static long versionFromEtag(KeyRequest request, HttpResponse<byte[]> response) {
    String etag = response.headers().firstValue("ETag").orElse("").trim();
    String digits = etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"")
        ? etag.substring(1, etag.length() - 1)
        : etag;
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException e) {
      throw new CohortException(request.describe() + " on " + Endpoints.originOf(response.uri())
          + " returned status " + response.statusCode() + " without a valid ETag (was [" + etag + "])",
          response.statusCode(), null, e);
    }
  }

  private static long currentVersionOf(Problem problem) {
    if (problem != null && problem.extensions().get("currentVersion") instanceof Number number) {
      return number.longValue();
    }
    return VersionConflictException.UNKNOWN_VERSION;
  }

  private static Duration retryAfterOf(HttpResponse<byte[]> response) {
    Optional<String> header = response.headers().firstValue("Retry-After");
    if (header.isEmpty()) {
      return null;
    }
    try {
      long seconds = Long.parseLong(header.get().trim());
      return seconds >= 0 ? Duration.ofSeconds(seconds) : null;
    } catch (NumberFormatException e) {
      return null; // an HTTP-date, which Cohort does not send
    }
  }

  private static String describe(Problem problem, HttpResponse<byte[]> response) {
    if (problem != null) {
      String type = problem.type() == null ? "" : " (" + problem.type() + ")";
      String detail = problem.detail() == null ? "" : ": " + problem.detail();
      return type + detail;
    }
    byte[] body = response.body();
    if (body == null || body.length == 0) {
      return "";
    }
    String text = new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8);
    return ": " + text;
  }
}
