package io.cohort.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Decodes the key from the raw request target, so that percent-encoded bytes that are not UTF-8 are rejected.
 * Pekko HTTP's own decoding replaces such bytes with U+FFFD, which would silently map different keys, such
 * as {@code %FF} and {@code %C3}, to the same one.
 */
final class RawKeys {
  static final String NAMESPACE_PREFIX = "/v1/ns/";
  private static final String KEY_SEGMENT = "/kv/";

  private RawKeys() {}

  /**
   * Returns the key of a raw request target such as {@code /v1/kv/a%2Fb} or {@code http://host/v1/kv/a%2Fb},
   * which must start with {@code prefix} after the scheme and authority.
   *
   * @throws InvalidRequestException when the key's bytes are not valid UTF-8 or the target has a query
   */
  static String keyOf(String rawTarget, String prefix) {
    String path = pathOf(rawTarget);
    if (path.indexOf('?') >= 0) {
      throw new InvalidRequestException("query-not-supported", "the request has a query string ["
          + path.substring(path.indexOf('?')) + "]; a key's path takes no query parameters, so percent-encode"
          + " '?' in a key as %3F");
    }
    if (!path.startsWith(prefix)) {
      throw new IllegalArgumentException("request target [" + rawTarget + "] does not start with " + prefix);
    }
    return decode(path.substring(prefix.length()));
  }

  /**
   * Returns the key of a raw request target such as {@code /v1/ns/orders/kv/a%2Fb}, or empty when the target
   * is not of the form {@code /v1/ns/{namespace}/kv/{key}}.
   *
   * @throws InvalidRequestException when the key's bytes are not valid UTF-8 or the target has a query
   */
  static Optional<String> namespacedKeyOf(String rawTarget) {
    String path = pathOf(rawTarget);
    if (!path.startsWith(NAMESPACE_PREFIX)) {
      return Optional.empty();
    }
    int namespaceEnd = path.indexOf('/', NAMESPACE_PREFIX.length());
    if (namespaceEnd < 0 || !path.startsWith(KEY_SEGMENT, namespaceEnd)) {
      return Optional.empty();
    }
    return Optional.of(keyOf(path, path.substring(0, namespaceEnd + KEY_SEGMENT.length())));
  }

  /** Returns the path and query of a request target, without the scheme and authority of an absolute one. */
  static String pathOf(String rawTarget) {
    int schemeEnd = rawTarget.indexOf("://");
    if (schemeEnd < 0) {
      return rawTarget;
    }
    int pathStart = rawTarget.indexOf('/', schemeEnd + 3);
    return pathStart < 0 ? "/" : rawTarget.substring(pathStart);
  }

  private static String decode(String segment) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(segment.length());
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      if (c == '%' && isHex(segment, i + 1) && isHex(segment, i + 2)) {
        bytes.write(Integer.parseInt(segment, i + 1, i + 3, 16));
        i += 2;
      } else if (c == '%') {
        throw new InvalidRequestException("invalid-key", "the key contains an invalid percent-encoding at ["
            + segment.substring(i, Math.min(segment.length(), i + 3)) + "]; encode '%' itself as %25");
      } else {
        byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        bytes.write(encoded, 0, encoded.length);
      }
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw new InvalidRequestException("invalid-key", "the percent-encoded key [" + segment
          + "] is not valid UTF-8; encode the key's UTF-8 bytes, e.g. é as %C3%A9");
    }
  }

  private static boolean isHex(String text, int index) {
    return index < text.length() && Character.digit(text.charAt(index), 16) >= 0;
  }
}
