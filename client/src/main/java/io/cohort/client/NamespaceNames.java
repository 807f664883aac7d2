package io.cohort.client;

import java.util.Objects;
import java.util.regex.Pattern;

/** The namespace name rule of the server, checked before a request is sent. */
final class NamespaceNames {
  /** Name of the built-in namespace, which {@code /v1/kv/{key}} addresses. */
  static final String DEFAULT = "default";
  static final int MAX_LENGTH = 48;
  private static final Pattern VALID = Pattern.compile("[a-z0-9_-]{1," + MAX_LENGTH + "}");

  private NamespaceNames() {}

  /**
   * Returns {@code name} if the server accepts it as a namespace name.
   *
   * @throws NullPointerException if {@code name} is null
   * @throws IllegalArgumentException if {@code name} is not 1 to 48 lowercase letters, digits, '-' or '_'
   */
  static String requireValid(String name) {
    Objects.requireNonNull(name, "namespace name");
    if (!VALID.matcher(name).matches()) {
      throw new IllegalArgumentException("namespace name [" + name + "] is invalid: a name is 1 to " + MAX_LENGTH
          + " characters, each a lowercase letter (a-z), a digit, '-' or '_'");
    }
    return name;
  }
}
