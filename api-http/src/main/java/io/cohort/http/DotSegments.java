package io.cohort.http;

import java.util.Optional;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * Rejects key paths that contain the segments {@code .} or {@code ..}, also percent-encoded. Pekko HTTP
 * removes such dot-segments from the path before routing, so {@code /v1/kv/..} would address {@code /v1/}
 * and {@code /v1/ns/../kv/k} the key {@code k} of the built-in namespace, while the key read from the raw
 * request target would differ from the routed one.
 */
final class DotSegments {
  private static final String KEY_PREFIX = "/v1/kv/";

  private DotSegments() {}

  /** Throws {@link InvalidRequestException} for a key path with a dot-segment; rejects every other request. */
  static Route rejectInKeyPaths() {
    return Directives.optionalHeaderValueByName("Raw-Request-URI", raw -> {
      Optional<String> path = raw.map(RawKeys::pathOf).map(DotSegments::withoutQuery)
          .filter(candidate -> candidate.startsWith(KEY_PREFIX) || candidate.startsWith(RawKeys.NAMESPACE_PREFIX));
      if (path.isPresent()) {
        check(path.get());
      }
      return Directives.reject();
    });
  }

  private static void check(String path) {
    String[] segments = path.substring(1).split("/", -1);
    for (int i = 0; i < segments.length; i++) {
      String segment = segments[i].replace("%2E", ".").replace("%2e", ".");
      if (!segment.equals(".") && !segment.equals("..")) {
        continue;
      }
      boolean isKey = i == segments.length - 1 && i > 0 && segments[i - 1].equals("kv");
      if (isKey) {
        throw new InvalidRequestException("invalid-key", "the key [" + segment + "] cannot be used: HTTP"
            + " treats '.' and '..' as path dot-segments, even percent-encoded; choose another key");
      }
      throw new InvalidRequestException("invalid-path", "the path [" + path + "] contains the dot-segment ["
          + segments[i] + "], which HTTP removes before routing; send the path without it");
    }
  }

  private static String withoutQuery(String path) {
    int query = path.indexOf('?');
    return query < 0 ? path : path.substring(0, query);
  }
}
