package io.cohort.http;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * An RFC 9457 problem details body ({@code application/problem+json}). {@code detail} names the offending
 * value and what to do about it; {@code extensions} carries machine-readable fields such as the key.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance,
    @com.fasterxml.jackson.annotation.JsonIgnore Map<String, Object> extensions) {

  public Problem {
    extensions = extensions == null ? Map.of() : Map.copyOf(extensions);
  }

  @JsonAnyGetter
  public Map<String, Object> jsonExtensions() {
    return extensions;
  }
}
