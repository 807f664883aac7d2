package io.cohort.bench;

import static io.cohort.bench.CohortYcsbClient.ENDPOINTS_DEFAULT;
import static io.cohort.bench.CohortYcsbClient.ENDPOINTS_PROPERTY;
import static io.cohort.bench.CohortYcsbClient.REDIRECTS_DEFAULT;
import static io.cohort.bench.CohortYcsbClient.REDIRECTS_PROPERTY;
import static io.cohort.bench.CohortYcsbClient.ROUTING_DEFAULT;
import static io.cohort.bench.CohortYcsbClient.ROUTING_PROPERTY;
import static io.cohort.bench.CohortYcsbClient.TIMEOUT_MS_DEFAULT;
import static io.cohort.bench.CohortYcsbClient.TIMEOUT_MS_PROPERTY;
import static io.cohort.bench.CohortYcsbClient.UPDATE_RETRIES_DEFAULT;
import static io.cohort.bench.CohortYcsbClient.UPDATE_RETRIES_PROPERTY;

import io.cohort.client.CohortClientConfig;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import site.ycsb.DBException;

/**
 * The binding's {@code cohort.*} properties, parsed and validated.
 *
 * @param seeds the normalized seed endpoints from {@code cohort.endpoints}
 * @param requestTimeout the client's request timeout from {@code cohort.timeout.ms}
 * @param routing whether the client sends each request to its partition's owner
 * @param redirects whether the client asks nodes for redirects instead of forwarding
 * @param updateRetries how many times an update starts over after a version conflict
 */
record BindingSettings(List<URI> seeds, Duration requestTimeout, boolean routing, boolean redirects,
    int updateRetries) {

  /** Upper bound of the connect timeout, so that a node that accepts no connections delays a retry by 2 s at most. */
  static final Duration MAX_CONNECT_TIMEOUT = Duration.ofSeconds(2);
  /** Largest timeout whose value in nanoseconds fits in a long, because the client converts it to nanoseconds. */
  static final long MAX_TIMEOUT_MS = Long.MAX_VALUE / 1_000_000;

  /**
   * Parses the properties, applying the defaults.
   *
   * @throws DBException naming the property and its allowed values if a property is invalid
   */
  static BindingSettings parse(Properties properties) throws DBException {
    List<URI> seeds = parseSeeds(properties.getProperty(ENDPOINTS_PROPERTY, ENDPOINTS_DEFAULT));
    long timeoutMillis = parseLong(properties, TIMEOUT_MS_PROPERTY, TIMEOUT_MS_DEFAULT, 1, MAX_TIMEOUT_MS);
    // The upper bound keeps "retries + 1" attempts within int range.
    long updateRetries = parseLong(properties, UPDATE_RETRIES_PROPERTY, UPDATE_RETRIES_DEFAULT, 0,
        Integer.MAX_VALUE - 1);
    return new BindingSettings(seeds, Duration.ofMillis(timeoutMillis),
        parseBoolean(properties, ROUTING_PROPERTY, ROUTING_DEFAULT),
        parseBoolean(properties, REDIRECTS_PROPERTY, REDIRECTS_DEFAULT),
        (int) updateRetries);
  }

  /** Builds the client configuration, with a connect timeout equal to the request timeout but at most 2 s. */
  CohortClientConfig clientConfig() {
    Duration connectTimeout = requestTimeout.compareTo(MAX_CONNECT_TIMEOUT) < 0
        ? requestTimeout
        : MAX_CONNECT_TIMEOUT;
    return CohortClientConfig.builder()
        .seeds(seeds)
        .connectTimeout(connectTimeout)
        .requestTimeout(requestTimeout)
        .routingEnabled(routing)
        .redirectMode(redirects)
        .build();
  }

  /** Returns whether {@code other} configures the same client, ignoring the per-instance update retries. */
  boolean sameClientAs(BindingSettings other) {
    return seeds.equals(other.seeds) && requestTimeout.equals(other.requestTimeout)
        && routing == other.routing && redirects == other.redirects;
  }

  /** Describes the settings that {@link #sameClientAs} compares, for error messages. */
  String describeClient() {
    return ENDPOINTS_PROPERTY + "=" + seeds + ", " + TIMEOUT_MS_PROPERTY + "=" + requestTimeout.toMillis()
        + ", " + ROUTING_PROPERTY + "=" + routing + ", " + REDIRECTS_PROPERTY + "=" + redirects;
  }

  /** Parses comma-separated endpoints, dropping blanks and trailing slashes, and normalizes them. */
  private static List<URI> parseSeeds(String value) throws DBException {
    CohortClientConfig.Builder builder = CohortClientConfig.builder();
    int count = 0;
    for (String part : value.split(",")) {
      String endpoint = part.trim();
      while (endpoint.endsWith("/")) {
        endpoint = endpoint.substring(0, endpoint.length() - 1);
      }
      if (endpoint.isEmpty()) {
        continue;
      }
      try {
        builder.seed(endpoint);
      } catch (IllegalArgumentException e) {
        throw new DBException("invalid URL '" + endpoint + "' in " + ENDPOINTS_PROPERTY + ": " + e.getMessage());
      }
      count++;
    }
    if (count == 0) {
      throw new DBException(ENDPOINTS_PROPERTY + " is empty: set it to comma-separated base URLs"
          + " such as http://127.0.0.1:8081,http://127.0.0.1:8082");
    }
    return builder.build().seeds();
  }

  private static boolean parseBoolean(Properties properties, String name, String defaultValue)
      throws DBException {
    String text = properties.getProperty(name, defaultValue).trim();
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new DBException("invalid " + name + " '" + text + "': expected true or false");
    };
  }

  private static long parseLong(Properties properties, String name, String defaultValue, long min, long max)
      throws DBException {
    String text = properties.getProperty(name, defaultValue).trim();
    long value;
    try {
      value = Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new DBException("invalid " + name + " '" + text + "': expected an integer from " + min + " to " + max);
    }
    if (value < min || value > max) {
      throw new DBException("invalid " + name + " '" + value + "': expected an integer from " + min + " to " + max);
    }
    return value;
  }
}
