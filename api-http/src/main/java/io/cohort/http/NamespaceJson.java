package io.cohort.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.cohort.config.namespace.FieldError;
import io.cohort.config.namespace.NamespaceRequest;
import io.cohort.config.namespace.NamespaceSpec;
import io.cohort.core.namespace.Namespace;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * JSON of the namespace API: decodes request bodies into {@link NamespaceRequest}s and encodes namespaces.
 * Decoding rejects unknown fields and values of the wrong JSON type, naming each field, and leaves the checks
 * of the values themselves to {@link io.cohort.config.namespace.NamespaceRules}.
 */
final class NamespaceJson {
  private static final ObjectReader READER = Problems.MAPPER.reader()
      .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  /** JSON type of a request field, with an example value for error messages. */
  private enum Kind {
    TEXT, INT, LONG
  }

  private record FieldSpec(Kind kind, String example) {}

  /** The fields a request may carry, in the order of the API documentation. */
  private static final Map<String, FieldSpec> FIELDS = fields();

  private NamespaceJson() {}

  /**
   * A namespace as the API returns it. The consistency fields are the effective ones, with defaults filled in.
   * {@code writeReplicas} and {@code recoveryReplicas} count the journal replicas they mean under
   * {@code replicationFactor}.
   */
  record NamespaceView(String name, int partitions, String level, int replicationFactor, String role,
      long maxValueBytes, long defaultTtlSeconds, String writeConsistency, String recoveryConsistency,
      int writeReplicas, int recoveryReplicas, long generation) {

    static NamespaceView of(Namespace namespace) {
      NamespaceSpec spec = namespace.spec();
      return new NamespaceView(spec.name(), spec.partitions(), spec.level().id(), spec.replicationFactor(),
          spec.role(), spec.maxValueBytes(), spec.defaultTtlSeconds(), spec.writeConsistency().name(),
          spec.recoveryConsistency().name(), spec.writeReplicas(), spec.recoveryReplicas(),
          namespace.generation());
    }
  }

  record NamespaceList(List<NamespaceView> namespaces) {}

  /** The nodes (Pekko addresses) that run partitions of {@code namespace}, with their partition numbers. */
  record Placement(String namespace, java.util.Map<String, List<Integer>> nodes) {}

  /**
   * A decoded request body. A field of the wrong JSON type is missing from {@code request} and has an entry in
   * {@code errors}, as has every unknown field.
   */
  record Decoded(NamespaceRequest request, List<FieldError> errors) {}

  /** Decodes the body of {@code POST /v1/namespaces}, where a JSON null counts as a missing field. */
  static Decoded decodeCreate(byte[] body) {
    return decode(parseObject(body), false);
  }

  /**
   * Decodes the body of {@code PATCH /v1/namespaces/{name}}. As in a JSON merge patch (RFC 7396), a null
   * {@code defaultTtlSeconds} removes the TTL, which sets it to 0; other null fields are left unchanged.
   */
  static Decoded decodeChange(byte[] body) {
    return decode(parseObject(body), true);
  }

  /**
   * Returns the errors of {@code decoding} and {@code rules} in the order of the fields in the API, unknown
   * fields last. An error of {@code rules} is left out when {@code decoding} already reports its field.
   */
  static List<FieldError> merge(List<FieldError> decoding, List<FieldError> rules) {
    Set<String> reported = decoding.stream().map(FieldError::field).collect(Collectors.toSet());
    List<FieldError> merged = new ArrayList<>(decoding);
    rules.stream().filter(error -> !reported.contains(error.field())).forEach(merged::add);
    List<String> order = List.copyOf(FIELDS.keySet());
    merged.sort(Comparator.comparingInt(error -> order.contains(error.field())
        ? order.indexOf(error.field())
        : order.size()));
    return merged;
  }

  private static JsonNode parseObject(byte[] body) {
    JsonNode parsed;
    try {
      parsed = READER.readTree(body);
    } catch (JsonProcessingException e) {
      throw new InvalidRequestException("malformed-json", "the body is not valid JSON: "
          + ValueBodies.jsonProblem(e) + " at line " + e.getLocation().getLineNr() + ", column "
          + e.getLocation().getColumnNr() + "; send one JSON object such as {\"name\": \"orders\"}");
    } catch (IOException e) {
      throw new InvalidRequestException("malformed-json", "the body could not be read as JSON: " + e.getMessage());
    }
    if (parsed == null || parsed.isMissingNode()) {
      throw new InvalidRequestException("malformed-json",
          "the body is empty; send one JSON object such as {\"name\": \"orders\"}");
    }
    if (!parsed.isObject()) {
      throw new InvalidRequestException("malformed-json", "the body is a JSON " + parsed.getNodeType()
          .name().toLowerCase(java.util.Locale.ROOT) + "; send one JSON object such as {\"name\": \"orders\"}");
    }
    return parsed;
  }

  private static Decoded decode(JsonNode body, boolean nullTtlIsZero) {
    List<FieldError> errors = new ArrayList<>();
    for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!FIELDS.containsKey(name)) {
        errors.add(new FieldError(name, body.get(name).toString(), name + " is not a namespace field; accepted"
            + " fields: " + String.join(", ", FIELDS.keySet())));
      }
    }
    Map<String, Object> values = new LinkedHashMap<>();
    FIELDS.forEach((name, spec) -> {
      JsonNode node = body.get(name);
      if (node != null && !node.isNull()) {
        values.put(name, valueOf(name, spec, node, errors));
      }
    });
    if (nullTtlIsZero && body.has("defaultTtlSeconds") && body.get("defaultTtlSeconds").isNull()) {
      values.put("defaultTtlSeconds", 0L);
    }
    NamespaceRequest request = new NamespaceRequest((String) values.get("name"), (Integer) values.get("partitions"),
        (String) values.get("level"), (Integer) values.get("replicationFactor"), (String) values.get("role"),
        (Long) values.get("maxValueBytes"), (Long) values.get("defaultTtlSeconds"),
        (String) values.get("writeConsistency"), (String) values.get("recoveryConsistency"));
    return new Decoded(request, List.copyOf(errors));
  }

  /** Returns the field's value as its Java type, or adds an error and returns null when it has another type. */
  private static Object valueOf(String name, FieldSpec spec, JsonNode node, List<FieldError> errors) {
    if (spec.kind() == Kind.TEXT) {
      if (node.isTextual()) {
        return node.textValue();
      }
      errors.add(new FieldError(name, node.toString(), name + " must be a JSON string, got " + node
          + "; send it in quotes, such as \"" + name + "\": " + spec.example()));
      return null;
    }
    boolean fits = spec.kind() == Kind.INT ? node.canConvertToInt() : node.canConvertToLong();
    if (node.isIntegralNumber() && fits) {
      return spec.kind() == Kind.INT ? (Object) node.intValue() : (Object) node.longValue();
    }
    String problem = node.isIntegralNumber()
        ? name + " " + node + " is out of range"
        : name + " must be a whole JSON number, got " + node;
    errors.add(new FieldError(name, node.toString(), problem + "; send a number such as \"" + name + "\": "
        + spec.example()));
    return null;
  }

  private static Map<String, FieldSpec> fields() {
    Map<String, FieldSpec> fields = new LinkedHashMap<>();
    fields.put("name", new FieldSpec(Kind.TEXT, "\"orders\""));
    fields.put("partitions", new FieldSpec(Kind.INT, "16"));
    fields.put("level", new FieldSpec(Kind.TEXT, "\"strong\""));
    fields.put("replicationFactor", new FieldSpec(Kind.INT, "3"));
    fields.put("role", new FieldSpec(Kind.TEXT, "\"data\""));
    fields.put("maxValueBytes", new FieldSpec(Kind.LONG, "65536"));
    fields.put("defaultTtlSeconds", new FieldSpec(Kind.LONG, "3600"));
    fields.put("writeConsistency", new FieldSpec(Kind.TEXT, "\"QUORUM\""));
    fields.put("recoveryConsistency", new FieldSpec(Kind.TEXT, "\"QUORUM\""));
    return java.util.Collections.unmodifiableMap(fields);
  }
}
