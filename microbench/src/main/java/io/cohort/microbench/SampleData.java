package io.cohort.microbench;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/** Deterministic benchmark inputs shaped like YCSB's default workload: keys and 10-field records. */
public final class SampleData {
  /** Fields per record and characters per field, as in YCSB's defaults (fieldcount, fieldlength). */
  public static final int FIELD_COUNT = 10;
  public static final int FIELD_LENGTH = 100;

  private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

  private SampleData() {}

  /** Returns the key of record {@code id}, such as {@code user:12345}. */
  public static String key(int id) {
    return "user:" + id;
  }

  /** Returns a key of exactly {@code length} ASCII characters, so also {@code length} UTF-8 bytes. */
  public static String longKey(int length, long seed) {
    StringBuilder key = new StringBuilder(length).append("user:");
    appendRandom(key, length - key.length(), new SplittableRandom(seed));
    return key.toString();
  }

  /**
   * Returns a YCSB-style record as UTF-8 JSON: an object with fields {@code field0} to {@code field9}, each a
   * string of 100 letters and digits, about 1.1 KB in all.
   */
  public static byte[] record(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    StringBuilder json = new StringBuilder(FIELD_COUNT * (FIELD_LENGTH + 12)).append('{');
    for (int field = 0; field < FIELD_COUNT; field++) {
      if (field > 0) {
        json.append(',');
      }
      json.append("\"field").append(field).append("\":\"");
      appendRandom(json, FIELD_LENGTH, random);
      json.append('"');
    }
    return json.append('}').toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void appendRandom(StringBuilder out, int count, SplittableRandom random) {
    for (int i = 0; i < count; i++) {
      out.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
  }
}
