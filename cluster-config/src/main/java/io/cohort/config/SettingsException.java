package io.cohort.config;

/** Raised when a configuration value is missing or out of range; the message names the key and the allowed values. */
public final class SettingsException extends RuntimeException {
  public SettingsException(String message) {
    super(message);
  }
}
