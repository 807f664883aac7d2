package io.cohort.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import site.ycsb.ByteIterator;
import site.ycsb.StringByteIterator;

/** Conversion between YCSB records and the stored JSON objects that map each field name to a string. */
final class JsonRecords {
  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonRecords() {}

  /** Parses a stored record, throwing a JsonProcessingException if the text is not a JSON object. */
  static ObjectNode parse(String json) throws JsonProcessingException {
    return JSON.readValue(json, ObjectNode.class);
  }

  /** Returns the JSON text of a record or of a map of field names to strings. */
  static String write(Object record) throws JsonProcessingException {
    return JSON.writeValueAsString(record);
  }

  /** Copies the requested fields, or all fields when {@code fields} is null, into {@code result}. */
  static void copyFields(ObjectNode record, Set<String> fields, Map<String, ByteIterator> result) {
    if (fields == null) {
      for (Map.Entry<String, JsonNode> field : record.properties()) {
        result.put(field.getKey(), new StringByteIterator(textOf(field.getValue())));
      }
      return;
    }
    for (String field : fields) {
      JsonNode value = record.get(field);
      if (value != null) {
        result.put(field, new StringByteIterator(textOf(value)));
      }
    }
  }

  /** Reads each value once, because a ByteIterator can be read only once and an update may need them again. */
  static Map<String, String> toStrings(Map<String, ByteIterator> values) {
    Map<String, String> strings = new LinkedHashMap<>();
    values.forEach((field, value) -> strings.put(field, value.toString()));
    return strings;
  }

  /** Returns a string value as is and any other JSON value as its JSON text. */
  private static String textOf(JsonNode value) {
    return value.isTextual() ? value.textValue() : value.toString();
  }
}
