package io.cohort.config.namespace;

/**
 * One rejected field of a namespace request: the field's name in the API, the value given, and what to do.
 *
 * @param field the JSON field name, such as {@code partitions}
 * @param value the rejected value as text, or null when the field was missing
 * @param message a sentence that names the value and the allowed ones
 */
public record FieldError(String field, String value, String message) {}
