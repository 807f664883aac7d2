package io.cohort.chaos.bench;

/** Parsing of command-line option values shared by the benchmark commands; errors name the option. */
final class OptionValues {
  private OptionValues() {}

  /** Parses {@code value} of {@code option} as an integer from {@code min} to {@code max}. */
  static int intBetween(String option, String value, int min, int max) {
    try {
      int parsed = Integer.parseInt(value);
      if (parsed >= min && parsed <= max) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(option + " " + value + " is invalid; use a number from " + min + " to " + max);
  }
}
