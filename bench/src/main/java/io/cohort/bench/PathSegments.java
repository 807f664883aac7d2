package io.cohort.bench;

import java.nio.charset.StandardCharsets;

/** Percent-encoding of a single URI path segment (RFC 3986, section 2). */
final class PathSegments {

  private static final char[] HEX_DIGITS = "0123456789ABCDEF".toCharArray();

  private PathSegments() {
  }

  /**
   * Encodes {@code value} as one path segment: the UTF-8 bytes of every character outside the
   * RFC 3986 unreserved set ({@code A-Z a-z 0-9 - . _ ~}) become {@code %XX}. So '/', '+', '%',
   * spaces and non-ASCII characters are all encoded, and a space never becomes '+'.
   *
   * <p>The segments "." and ".." are encoded as "%2E" and "%2E%2E" so that path normalization on
   * the way to the server cannot treat them as dot-segments.
   */
  static String encode(String value) {
    if (value.equals(".") || value.equals("..")) {
      return value.replace(".", "%2E");
    }
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    StringBuilder encoded = new StringBuilder(bytes.length * 3);
    for (byte b : bytes) {
      int unsigned = b & 0xFF;
      if (isUnreserved(unsigned)) {
        encoded.append((char) unsigned);
      } else {
        encoded.append('%').append(HEX_DIGITS[unsigned >> 4]).append(HEX_DIGITS[unsigned & 0x0F]);
      }
    }
    return encoded.toString();
  }

  private static boolean isUnreserved(int c) {
    return (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || c == '-' || c == '.' || c == '_' || c == '~';
  }
}
