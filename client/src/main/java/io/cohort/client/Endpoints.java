package io.cohort.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Validation and normalization of node endpoints. A normalized endpoint is {@code scheme://host:port} with a
 * lower-case scheme and host and an explicit port, so that equal nodes compare equal as {@link URI}s.
 */
final class Endpoints {
  private Endpoints() {}

  /** Validates a configured seed and returns it normalized. The exception message names the seed and the problem. */
  static URI validateSeed(URI seed) {
    Objects.requireNonNull(seed, "seed");
    String problem = problemOf(seed);
    if (problem != null) {
      throw new IllegalArgumentException("invalid seed endpoint [" + seed + "]: " + problem
          + "; expected an endpoint such as http://127.0.0.1:18080");
    }
    return originOf(seed);
  }

  /**
   * Parses and normalizes an endpoint sent by a node, for example in {@code Cohort-Owner}, or returns empty if it is
   * invalid.
   */
  static Optional<URI> parse(String text) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    try {
      URI uri = new URI(text.trim());
      return problemOf(uri) == null ? Optional.of(originOf(uri)) : Optional.empty();
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }

  /** Returns {@code scheme://host:port} of an absolute http or https URI, ignoring its path and query. */
  static URI originOf(URI uri) {
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    int port = uri.getPort() != -1 ? uri.getPort() : ("https".equals(scheme) ? 443 : 80);
    try {
      return new URI(scheme, null, uri.getHost().toLowerCase(Locale.ROOT), port, null, null, null);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("invalid endpoint [" + uri + "]: " + e.getMessage(), e);
    }
  }

  /** Returns why {@code uri} is not a plain http(s) endpoint, or null if it is one. */
  private static String problemOf(URI uri) {
    if (!uri.isAbsolute() || uri.isOpaque()) {
      return "not an absolute hierarchical URI";
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return "scheme must be http or https, was " + uri.getScheme();
    }
    if (uri.getHost() == null) {
      return "host is missing";
    }
    if (uri.getRawUserInfo() != null) {
      return "user info is not supported";
    }
    String path = uri.getRawPath();
    if (path != null && !path.isEmpty() && !path.equals("/")) {
      return "path must be empty, was " + path;
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      return "query and fragment are not supported";
    }
    return null;
  }
}
