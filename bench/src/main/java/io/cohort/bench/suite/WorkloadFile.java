package io.cohort.bench.suite;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/** Describes a YCSB workload file's operation mix and record shape for the report. */
final class WorkloadFile {
  private static final String[][] PROPORTIONS = {
    {"readproportion", "read"},
    {"updateproportion", "update"},
    {"insertproportion", "insert"},
    {"scanproportion", "scan"},
    {"readmodifywriteproportion", "read-modify-write"},
  };

  private WorkloadFile() {}

  /** Returns a sentence such as "read 50%, update 50%; zipfian request distribution; 10 fields of 100 bytes." */
  static String describe(Path file) throws IOException {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    }
    return describe(properties);
  }

  static String describe(Properties properties) {
    List<String> mix = new ArrayList<>();
    for (String[] proportion : PROPORTIONS) {
      double share = Double.parseDouble(properties.getProperty(proportion[0], "0").trim());
      if (share > 0) {
        mix.add(proportion[1] + " " + String.format(Locale.ROOT, "%.0f%%", share * 100));
      }
    }
    return String.join(", ", mix) + "; " + properties.getProperty("requestdistribution", "uniform").trim()
        + " request distribution; " + properties.getProperty("fieldcount", "10").trim() + " fields of "
        + properties.getProperty("fieldlength", "100").trim() + " bytes per record.";
  }
}
