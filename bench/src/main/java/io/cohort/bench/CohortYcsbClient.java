package io.cohort.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.Vector;
import java.util.concurrent.atomic.AtomicInteger;
import site.ycsb.ByteIterator;
import site.ycsb.DB;
import site.ycsb.DBException;
import site.ycsb.Status;
import site.ycsb.StringByteIterator;

/**
 * YCSB binding for the Cohort HTTP/JSON API ({@code /v1/kv/{key}}).
 *
 * <p>A record is stored as one JSON object that maps each field name to a string value. The YCSB
 * table name is ignored, so every table shares one key space. Properties:
 *
 * <ul>
 *   <li>{@code cohort.endpoints}: comma-separated base URLs of the nodes (default {@value
 *       #ENDPOINTS_DEFAULT}). Each operation goes to the next endpoint in round-robin order.
 *   <li>{@code cohort.timeout.ms}: connect timeout and per-request timeout in milliseconds (default
 *       {@value #TIMEOUT_MS_DEFAULT}).
 *   <li>{@code cohort.update.retries}: how many times an update starts over after a 412 from a
 *       concurrent write before it fails (default {@value #UPDATE_RETRIES_DEFAULT}).
 * </ul>
 *
 * <p>HTTP outcomes map to YCSB statuses: 2xx is OK, 404 is NOT_FOUND, 503 and timeouts are
 * SERVICE_UNAVAILABLE, everything else is ERROR. Read, scan, insert, update and delete return a
 * status for every failure and never throw. Only {@link #init} throws, on invalid properties.
 * YCSB creates one instance per client thread, so instance fields need no locking. All instances
 * share one HTTP client.
 */
public class CohortYcsbClient extends DB {

  public static final String ENDPOINTS_PROPERTY = "cohort.endpoints";
  public static final String ENDPOINTS_DEFAULT = "http://127.0.0.1:8081";
  public static final String TIMEOUT_MS_PROPERTY = "cohort.timeout.ms";
  public static final String TIMEOUT_MS_DEFAULT = "5000";
  public static final String UPDATE_RETRIES_PROPERTY = "cohort.update.retries";
  public static final String UPDATE_RETRIES_DEFAULT = "5";

  private static final int MAX_LOGGED_ERRORS = 10;
  private static final int MAX_LOGGED_BODY_CHARS = 200;
  private static final String KEY_PATH = "/v1/kv/";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ErrorLog ERRORS = new ErrorLog(System.err, MAX_LOGGED_ERRORS);
  /** Counter that staggers each instance's first endpoint, so threads do not all start on one node. */
  private static final AtomicInteger NEXT_FIRST_ENDPOINT = new AtomicInteger();
  private static final AtomicInteger OPEN_INSTANCES = new AtomicInteger();

  private static HttpClient sharedHttpClient;

  private List<String> endpoints;
  private Duration timeout;
  private int updateRetries;
  private int nextEndpoint;
  private HttpClient httpClient;

  /** One HTTP exchange of an operation, given the base URL of the node to send it to. */
  @FunctionalInterface
  private interface Exchange {
    Status run(String baseUrl) throws IOException, InterruptedException;
  }

  @Override
  public void init() throws DBException {
    Properties properties = getProperties();
    endpoints = parseEndpoints(properties.getProperty(ENDPOINTS_PROPERTY, ENDPOINTS_DEFAULT));
    long timeoutMillis = parsePositiveLong(properties, TIMEOUT_MS_PROPERTY, TIMEOUT_MS_DEFAULT);
    timeout = Duration.ofMillis(timeoutMillis);
    updateRetries = parseNonNegativeInt(properties, UPDATE_RETRIES_PROPERTY, UPDATE_RETRIES_DEFAULT);
    nextEndpoint = Math.floorMod(NEXT_FIRST_ENDPOINT.getAndIncrement(), endpoints.size());
    httpClient = sharedHttpClient(timeout);
    OPEN_INSTANCES.incrementAndGet();
  }

  @Override
  public void cleanup() {
    if (OPEN_INSTANCES.decrementAndGet() == 0) {
      ERRORS.printSummary();
    }
  }

  @Override
  public Status read(String table, String key, Set<String> fields, Map<String, ByteIterator> result) {
    return execute("read", key, baseUrl -> {
      HttpResponse<String> response = send(newRequest(baseUrl, key).GET().build());
      if (!isSuccess(response)) {
        return failure("read", key, baseUrl, response);
      }
      ObjectNode record = parseRecord(response.body());
      copyFields(record, fields, result);
      return Status.OK;
    });
  }

  /** Returns NOT_IMPLEMENTED because the API has no range reads. */
  @Override
  public Status scan(String table, String startKey, int recordCount, Set<String> fields,
      Vector<HashMap<String, ByteIterator>> result) {
    return Status.NOT_IMPLEMENTED;
  }

  /**
   * Merges {@code values} into the stored record with an optimistic read-modify-write: GET the
   * record and its ETag, merge, then PUT with {@code If-Match}. A 412 means another client wrote
   * the key in between, so the update starts over, at most {@code cohort.update.retries} times.
   */
  @Override
  public Status update(String table, String key, Map<String, ByteIterator> values) {
    return execute("update", key, baseUrl -> {
      // A ByteIterator can be read only once, and a retry needs the values again.
      Map<String, String> newFields = toStrings(values);
      for (int attempt = 0; attempt <= updateRetries; attempt++) {
        HttpResponse<String> current = send(newRequest(baseUrl, key).GET().build());
        if (!isSuccess(current)) {
          return failure("update", key, baseUrl, current);
        }
        String etag = current.headers().firstValue("ETag").orElse(null);
        if (etag == null) {
          ERRORS.error("update of key '" + key + "' at " + baseUrl
              + " failed: the GET response has no ETag header, so the write cannot be conditional");
          return Status.ERROR;
        }

        ObjectNode record = parseRecord(current.body());
        newFields.forEach(record::put);

        HttpRequest put = newRequest(baseUrl, key)
            .header("Content-Type", "application/json")
            .header("If-Match", etag)
            .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(record)))
            .build();
        HttpResponse<String> written = send(put);
        if (written.statusCode() != 412) {
          return isSuccess(written) ? Status.OK : failure("update", key, baseUrl, written);
        }
      }
      ERRORS.error("update of key '" + key + "' at " + baseUrl + " failed: HTTP 412 on all "
          + (updateRetries + 1) + " attempts because other clients kept writing the key."
          + " Raise " + UPDATE_RETRIES_PROPERTY + " to retry more often");
      return Status.ERROR;
    });
  }

  /** Stores {@code values} as the whole record, replacing any record under the key. */
  @Override
  public Status insert(String table, String key, Map<String, ByteIterator> values) {
    return execute("insert", key, baseUrl -> {
      String body = JSON.writeValueAsString(toStrings(values));
      HttpRequest put = newRequest(baseUrl, key)
          .header("Content-Type", "application/json")
          .PUT(HttpRequest.BodyPublishers.ofString(body))
          .build();
      HttpResponse<String> response = send(put);
      return isSuccess(response) ? Status.OK : failure("insert", key, baseUrl, response);
    });
  }

  @Override
  public Status delete(String table, String key) {
    return execute("delete", key, baseUrl -> {
      HttpResponse<String> response = send(newRequest(baseUrl, key).DELETE().build());
      return isSuccess(response) ? Status.OK : failure("delete", key, baseUrl, response);
    });
  }

  /** Maps an HTTP status code to the YCSB status this binding reports for it. */
  static Status statusFor(int httpStatus) {
    if (httpStatus >= 200 && httpStatus < 300) {
      return Status.OK;
    }
    if (httpStatus == 404) {
      return Status.NOT_FOUND;
    }
    if (httpStatus == 503) {
      return Status.SERVICE_UNAVAILABLE;
    }
    return Status.ERROR;
  }

  /**
   * Runs {@code exchange} against the next endpoint and turns every exception into a status, so
   * that no exception leaves a DB method.
   */
  private Status execute(String operation, String key, Exchange exchange) {
    if (key == null || key.isEmpty()) {
      ERRORS.error(operation + " failed: the key is empty, but the API needs a non-empty key");
      return Status.BAD_REQUEST;
    }
    String baseUrl = nextBaseUrl();
    String context = operation + " of key '" + key + "' at " + baseUrl;
    try {
      return exchange.run(baseUrl);
    } catch (HttpTimeoutException e) {
      ERRORS.error(context + " timed out after " + timeout.toMillis() + " ms (" + e.getMessage()
          + "). Raise " + TIMEOUT_MS_PROPERTY + " if the nodes are only slow");
      return Status.SERVICE_UNAVAILABLE;
    } catch (JsonProcessingException e) {
      ERRORS.error(context + " failed: the response is not a JSON object of fields: "
          + e.getOriginalMessage());
      return Status.ERROR;
    } catch (ConnectException e) {
      ERRORS.error(context + " failed: could not connect (" + describe(e) + ")."
          + " Check that the node is running and that " + ENDPOINTS_PROPERTY + " names it");
      return Status.ERROR;
    } catch (IOException e) {
      ERRORS.error(context + " failed: " + describe(e));
      return Status.ERROR;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      ERRORS.error(context + " was interrupted");
      return Status.ERROR;
    } catch (RuntimeException e) {
      ERRORS.error(context + " failed: " + describe(e));
      return Status.ERROR;
    }
  }

  /**
   * Returns the exception's class and the first message in its cause chain, because the JDK HTTP
   * client often wraps the informative exception. A ConnectException from it has no message at
   * all (JDK 17), so then only the class name is left.
   */
  private static String describe(Exception e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
        return e.getClass().getName() + ": " + cause.getMessage();
      }
    }
    return e.getClass().getName();
  }

  private String nextBaseUrl() {
    String baseUrl = endpoints.get(nextEndpoint);
    nextEndpoint = (nextEndpoint + 1) % endpoints.size();
    return baseUrl;
  }

  private HttpRequest.Builder newRequest(String baseUrl, String key) {
    return HttpRequest.newBuilder(URI.create(baseUrl + KEY_PATH + PathSegments.encode(key)))
        .timeout(timeout)
        .header("Accept", "application/json");
  }

  private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
    return httpClient.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  /**
   * Logs a failed response, unless it is a 404, and returns its YCSB status. The message carries
   * the problem title and detail, or the start of the body when it is not a problem document.
   */
  private static Status failure(String operation, String key, String baseUrl,
      HttpResponse<String> response) {
    Status status = statusFor(response.statusCode());
    if (status == Status.NOT_FOUND) {
      return status;
    }
    StringBuilder message = new StringBuilder()
        .append(operation).append(" of key '").append(key).append("' at ").append(baseUrl)
        .append(" failed: HTTP ").append(response.statusCode())
        .append(": ").append(describeProblem(response.body()));
    response.headers().firstValue("Retry-After")
        .ifPresent(seconds -> message.append(" (Retry-After: ").append(seconds).append(')'));
    ERRORS.error(message.toString());
    return status;
  }

  private static String describeProblem(String body) {
    if (body == null || body.isBlank()) {
      return "(empty body)";
    }
    try {
      JsonNode problem = JSON.readTree(body);
      if (problem.hasNonNull("title") || problem.hasNonNull("detail")) {
        return problem.path("title").asText("") + " - " + problem.path("detail").asText("");
      }
    } catch (JsonProcessingException e) {
      // Not JSON, so the raw body is the best description there is.
    }
    return body.length() <= MAX_LOGGED_BODY_CHARS ? body : body.substring(0, MAX_LOGGED_BODY_CHARS) + "...";
  }

  private static boolean isSuccess(HttpResponse<?> response) {
    return statusFor(response.statusCode()) == Status.OK;
  }

  /** Parses a stored record, throwing a JsonProcessingException if the body is not a JSON object. */
  private static ObjectNode parseRecord(String body) throws JsonProcessingException {
    return JSON.readValue(body, ObjectNode.class);
  }

  /** Copies the requested fields, or all fields when {@code fields} is null, into {@code result}. */
  private static void copyFields(ObjectNode record, Set<String> fields, Map<String, ByteIterator> result) {
    if (fields == null) {
      for (Map.Entry<String, JsonNode> field : record.properties()) {
        result.put(field.getKey(), new StringByteIterator(textOf(field.getValue())));
      }
      return;
    }
    for (String field : fields) {
      JsonNode value = record.get(field);
      if (value != null) {
        result.put(field, new StringByteIterator(textOf(value)));
      }
    }
  }

  /** Returns a string value as is and any other JSON value as its JSON text. */
  private static String textOf(JsonNode value) {
    return value.isTextual() ? value.textValue() : value.toString();
  }

  private static Map<String, String> toStrings(Map<String, ByteIterator> values) {
    Map<String, String> strings = new LinkedHashMap<>();
    values.forEach((field, value) -> strings.put(field, value.toString()));
    return strings;
  }

  /**
   * Returns the process-wide HTTP/1.1 client, creating it on first use.
   *
   * <p>NOTE: the connect timeout comes from the first instance to call this. Later instances with
   * another {@code cohort.timeout.ms} still get their own per-request timeout.
   */
  private static synchronized HttpClient sharedHttpClient(Duration connectTimeout) {
    if (sharedHttpClient == null) {
      sharedHttpClient = HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(connectTimeout)
          .build();
    }
    return sharedHttpClient;
  }

  /** Parses comma-separated base URLs, dropping blanks and trailing slashes. */
  static List<String> parseEndpoints(String value) throws DBException {
    List<String> endpoints = new ArrayList<>();
    for (String part : value.split(",")) {
      String endpoint = part.trim();
      while (endpoint.endsWith("/")) {
        endpoint = endpoint.substring(0, endpoint.length() - 1);
      }
      if (endpoint.isEmpty()) {
        continue;
      }
      URI uri;
      try {
        uri = new URI(endpoint);
      } catch (URISyntaxException e) {
        throw new DBException("invalid URL '" + endpoint + "' in " + ENDPOINTS_PROPERTY + ": "
            + e.getMessage());
      }
      boolean http = "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
      if (!http || uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
        throw new DBException("invalid URL '" + endpoint + "' in " + ENDPOINTS_PROPERTY
            + ": expected a base URL such as http://127.0.0.1:8081, without query or fragment");
      }
      endpoints.add(endpoint);
    }
    if (endpoints.isEmpty()) {
      throw new DBException(ENDPOINTS_PROPERTY + " is empty: set it to comma-separated base URLs"
          + " such as http://127.0.0.1:8081,http://127.0.0.1:8082");
    }
    return endpoints;
  }

  private static long parsePositiveLong(Properties properties, String name, String defaultValue)
      throws DBException {
    long value = parseLong(properties, name, defaultValue);
    if (value <= 0) {
      throw new DBException("invalid " + name + " '" + value + "': expected a positive integer");
    }
    return value;
  }

  private static int parseNonNegativeInt(Properties properties, String name, String defaultValue)
      throws DBException {
    long value = parseLong(properties, name, defaultValue);
    // The upper bound keeps "retries + 1" attempts within int range.
    if (value < 0 || value > Integer.MAX_VALUE - 1) {
      throw new DBException("invalid " + name + " '" + value + "': expected an integer from 0 to "
          + (Integer.MAX_VALUE - 1));
    }
    return (int) value;
  }

  private static long parseLong(Properties properties, String name, String defaultValue)
      throws DBException {
    String text = properties.getProperty(name, defaultValue).trim();
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new DBException("invalid " + name + " '" + text + "': expected an integer");
    }
  }
}
