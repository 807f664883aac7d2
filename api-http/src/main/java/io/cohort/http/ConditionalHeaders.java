package io.cohort.http;

import io.cohort.core.partition.Precondition;
import java.util.Optional;

/**
 * Turns {@code If-Match} and {@code If-None-Match} into a {@link Precondition}. Cohort's ETags are strong and
 * carry the decimal version in quotes, e.g. {@code "42"}; one tag or {@code *} per header is supported.
 */
final class ConditionalHeaders {
  private ConditionalHeaders() {}

  static String etagOf(long version) {
    return "\"" + version + "\"";
  }

  static Precondition forPut(Optional<String> ifMatch, Optional<String> ifNoneMatch) {
    if (ifMatch.isPresent() && ifNoneMatch.isPresent()) {
      throw new InvalidRequestException("conflicting-preconditions",
          "send either If-Match or If-None-Match, not both");
    }
    if (ifNoneMatch.isPresent()) {
      if (!ifNoneMatch.get().trim().equals("*")) {
        throw new InvalidRequestException("invalid-precondition", "If-None-Match [" + ifNoneMatch.get()
            + "] is not supported on PUT; use If-None-Match: * to create the key only if it is absent");
      }
      return Precondition.IF_ABSENT;
    }
    return ifMatch.map(ConditionalHeaders::parseIfMatch).orElse(Precondition.NONE);
  }

  static Precondition forDelete(Optional<String> ifMatch, Optional<String> ifNoneMatch) {
    if (ifNoneMatch.isPresent()) {
      throw new InvalidRequestException("invalid-precondition",
          "If-None-Match is not supported on DELETE; use If-Match with the key's ETag");
    }
    return ifMatch.map(ConditionalHeaders::parseIfMatch).orElse(Precondition.NONE);
  }

  private static Precondition parseIfMatch(String raw) {
    String value = raw.trim();
    if (value.equals("*")) {
      return Precondition.IF_PRESENT;
    }
    if (value.length() >= 3 && value.startsWith("\"") && value.endsWith("\"")) {
      String digits = value.substring(1, value.length() - 1);
      if (digits.matches("[1-9][0-9]{0,18}")) {
        try {
          return Precondition.ifVersion(Long.parseLong(digits));
        } catch (NumberFormatException tooLarge) {
          // falls through to the error below
        }
      }
    }
    throw new InvalidRequestException("invalid-precondition", "If-Match [" + raw
        + "] is not a Cohort ETag; send the ETag of a previous response, such as \"42\" with the quotes, or *");
  }
}
