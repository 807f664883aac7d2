package io.cohort.http;

import io.cohort.core.partition.Precondition;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns {@code If-Match} and {@code If-None-Match} into preconditions. Cohort's ETags are strong and carry the
 * decimal version in quotes, e.g. {@code "42"}. A header value is {@code *} or a comma-separated list of tags
 * (RFC 9110); several headers of one name count as one list.
 */
final class ConditionalHeaders {
  private ConditionalHeaders() {}

  /** The entity tags of one header: {@code *}, or the versions that take part in its comparison. */
  record TagList(boolean any, List<Long> versions, boolean hasWeak) {
    boolean matches(long version) {
      return any ? version != 0 : versions.contains(version);
    }
  }

  /** Precondition of a read: 412 when If-Match fails, 304 when If-None-Match matches. */
  record ReadCondition(Optional<TagList> ifMatch, Optional<TagList> ifNoneMatch) {
    /** Returns the status that replaces a 200 for a key whose version is {@code version} (0 when absent). */
    Optional<Integer> statusFor(long version) {
      if (ifMatch.isPresent() && !ifMatch.get().matches(version)) {
        return Optional.of(412);
      }
      if (ifNoneMatch.isPresent() && ifNoneMatch.get().matches(version)) {
        return Optional.of(304);
      }
      return Optional.empty();
    }
  }

  static String etagOf(long version) {
    return "\"" + version + "\"";
  }

  static ReadCondition forGet(Optional<String> ifMatch, Optional<String> ifNoneMatch) {
    return new ReadCondition(ifMatch.map(value -> parse("If-Match", value)),
        ifNoneMatch.map(value -> parse("If-None-Match", value)));
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
    return ifMatch.map(ConditionalHeaders::writePrecondition).orElse(Precondition.NONE);
  }

  static Precondition forDelete(Optional<String> ifMatch, Optional<String> ifNoneMatch) {
    if (ifNoneMatch.isPresent()) {
      throw new InvalidRequestException("invalid-precondition",
          "If-None-Match is not supported on DELETE; use If-Match with the key's ETag");
    }
    return ifMatch.map(ConditionalHeaders::writePrecondition).orElse(Precondition.NONE);
  }

  private static Precondition writePrecondition(String raw) {
    TagList tags = parse("If-Match", raw);
    if (tags.any()) {
      return Precondition.IF_PRESENT;
    }
    if (tags.versions().isEmpty()) {
      throw new InvalidRequestException(org.apache.pekko.http.javadsl.model.StatusCodes.PRECONDITION_FAILED,
          "version-conflict", "If-Match [" + raw + "] lists only weak ETags, which never match a write;"
              + " send the strong ETag of a previous response, such as \"42\"");
    }
    if (tags.versions().size() > 1) {
      throw new InvalidRequestException("invalid-precondition", "If-Match [" + raw + "] lists "
          + tags.versions().size() + " ETags; Cohort compares a write with one, so send the ETag you read");
    }
    return Precondition.ifVersion(tags.versions().get(0));
  }

  /**
   * Parses a tag list. If-Match compares strongly, so its weak tags match nothing and are only noted;
   * If-None-Match compares weakly, so {@code W/"5"} counts as version 5 (RFC 9110, section 8.8.3.2).
   */
  private static TagList parse(String header, String raw) {
    if (raw.trim().equals("*")) {
      return new TagList(true, List.of(), false);
    }
    boolean weakComparison = header.equals("If-None-Match");
    List<Long> versions = new ArrayList<>();
    boolean hasWeak = false;
    for (String part : raw.split(",")) {
      String tag = part.trim();
      boolean weak = tag.startsWith("W/");
      long version = versionOf(header, raw, weak ? tag.substring(2) : tag);
      if (!weak || weakComparison) {
        versions.add(version);
      }
      hasWeak |= weak;
    }
    return new TagList(false, List.copyOf(versions), hasWeak);
  }

  private static long versionOf(String header, String raw, String tag) {
    if (tag.length() >= 3 && tag.startsWith("\"") && tag.endsWith("\"")) {
      String digits = tag.substring(1, tag.length() - 1);
      if (digits.matches("[1-9][0-9]{0,18}")) {
        try {
          return Long.parseLong(digits);
        } catch (NumberFormatException tooLarge) {
          // reported below
        }
      }
    }
    throw new InvalidRequestException("invalid-precondition", header + " [" + raw + "] is not a list of Cohort"
        + " ETags; send the ETag of a previous response, such as \"42\" with the quotes, or *");
  }
}
