package io.cohort.client;

import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * Builds request URIs for keys. The key is percent-encoded as a single path segment under {@code /v1/kv/} for
 * the built-in namespace and under {@code /v1/ns/{namespace}/kv/} for the others.
 */
final class KeyPaths {
  static final String KV_PREFIX = "/v1/kv/";
  static final String NAMESPACE_PREFIX = "/v1/ns/";
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private KeyPaths() {}

  /**
   * Encodes every byte of the key's UTF-8 form as {@code %XX} (upper-case hex), except the RFC 3986 unreserved
   * characters {@code A-Z a-z 0-9 - . _ ~}. A {@code /} in the key therefore stays inside one segment.
   */
  static String encodeSegment(String key) {
    byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
    StringBuilder encoded = new StringBuilder(bytes.length * 3);
    for (byte b : bytes) {
      int c = b & 0xff;
      if (isUnreserved(c)) {
        encoded.append((char) c);
      } else {
        encoded.append('%').append(HEX[c >>> 4]).append(HEX[c & 0x0f]);
      }
    }
    return encoded.toString();
  }

  /**
   * Returns the URI of {@code key} in {@code namespace} on the node at {@code endpoint}. The namespace is not
   * encoded, because a valid name contains only unreserved characters.
   */
  static URI keyUri(URI endpoint, String namespace, String key) {
    String prefix = namespace.equals(NamespaceNames.DEFAULT) ? KV_PREFIX : NAMESPACE_PREFIX + namespace + "/kv/";
    return URI.create(endpoint + prefix + encodeSegment(key));
  }

  private static boolean isUnreserved(int c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
        || c == '-' || c == '.' || c == '_' || c == '~';
  }
}
