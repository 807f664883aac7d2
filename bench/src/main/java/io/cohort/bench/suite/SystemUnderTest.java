package io.cohort.bench.suite;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/** One system that the suite starts, benchmarks through a YCSB binding, and stops. */
interface SystemUnderTest {

  /** A server process whose CPU time counts for the system, such as a Cohort node. */
  record ServerProcess(String role, long pid) {}

  SystemKind kind();

  /**
   * Starts the system with an empty data directory and returns when it accepts requests.
   *
   * @throws IOException when it fails to start or is not ready in time; the caller then calls {@link #stop}
   */
  void start() throws IOException, InterruptedException;

  /** Returns the server processes, valid after {@link #start}. */
  List<ServerProcess> serverProcesses();

  /** Returns the YCSB binding properties that point the client at this system, passed with {@code -p}. */
  Map<String, String> bindingProperties();

  /** Returns the settings for the report, one Markdown list item each, valid after {@link #start}. */
  List<String> settings();

  /** Stops every process of the system; does nothing when nothing runs. */
  void stop();
}
