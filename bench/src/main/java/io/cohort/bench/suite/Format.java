package io.cohort.bench.suite;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/** Number formats of the report; NaN prints as "n/a". */
final class Format {
  static final String MISSING = "n/a";

  private Format() {}

  /** Formats operations per second with thousands separators, such as {@code 12,345}. */
  static String throughput(double opsPerSecond) {
    return Double.isFinite(opsPerSecond) ? String.format(Locale.ROOT, "%,.0f", opsPerSecond) : MISSING;
  }

  /** Formats a latency given in microseconds as milliseconds with about three significant digits. */
  static String millis(double micros) {
    if (!Double.isFinite(micros)) {
      return MISSING;
    }
    double millis = micros / 1000.0;
    if (millis >= 100) {
      return String.format(Locale.ROOT, "%.0f", millis);
    }
    if (millis >= 10) {
      return String.format(Locale.ROOT, "%.1f", millis);
    }
    return String.format(Locale.ROOT, "%.2f", millis);
  }

  /** Formats CPU seconds per 1,000 operations. */
  static String cpu(double seconds) {
    return Double.isFinite(seconds) ? String.format(Locale.ROOT, "%.3f", seconds) : MISSING;
  }

  /** Formats a ratio with two decimals, or with two significant digits below 0.1: {@code 0.42×}, {@code 0.0036×}. */
  static String ratio(double ratio) {
    if (!Double.isFinite(ratio)) {
      return MISSING;
    }
    if (ratio >= 0.1 || ratio == 0) {
      return String.format(Locale.ROOT, "%.2f×", ratio);
    }
    return new BigDecimal(ratio).round(new MathContext(2)).toPlainString() + "×";
  }

  static String seconds(double seconds) {
    return String.format(Locale.ROOT, "%.0f s", seconds);
  }
}
