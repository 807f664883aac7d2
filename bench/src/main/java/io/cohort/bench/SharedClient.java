package io.cohort.bench;

import io.cohort.client.BlockingCohortClient;
import io.cohort.client.ClientStats;
import io.cohort.client.CohortClient;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;
import site.ycsb.DBException;

/**
 * The one {@link CohortClient} of a YCSB process, with its error log and operation counter. YCSB creates one
 * binding instance per thread, and all of them share it: the first {@link #acquire} creates it, and the last
 * {@link #release} closes it and prints the error count and the client's counters.
 */
final class SharedClient {
  private static final int MAX_LOGGED_ERRORS = 10;

  /** The open shared client, or null. The class lock guards it and {@link #users}. */
  private static SharedClient current;
  private static int users;

  private final BindingSettings settings;
  private final CohortClient client;
  private final BlockingCohortClient blocking;
  private final PrintStream output;
  private final ErrorLog errors;
  private final LongAdder operations = new LongAdder();

  private SharedClient(BindingSettings settings, PrintStream output) {
    this.settings = settings;
    this.client = new CohortClient(settings.clientConfig());
    this.blocking = client.blocking();
    this.output = output;
    this.errors = new ErrorLog(output, MAX_LOGGED_ERRORS);
  }

  /**
   * Returns the shared client, creating it with {@code settings} if none is open. Its error log and summary go to
   * {@code System.err} as it was when the client was created.
   *
   * @throws DBException if the open client was created with other settings
   */
  static synchronized SharedClient acquire(BindingSettings settings) throws DBException {
    if (current == null) {
      current = new SharedClient(settings, System.err);
    } else if (!current.settings.sameClientAs(settings)) {
      throw new DBException("binding instances of one process must use the same settings, but this one has ["
          + settings.describeClient() + "] and the open client has [" + current.settings.describeClient()
          + "]; set the cohort.* properties once for the whole YCSB run");
    }
    users++;
    return current;
  }

  /** Releases one use. The last release closes the client and prints the summary. */
  static synchronized void release(SharedClient shared) {
    if (shared != current) {
      return; // already closed by its last release
    }
    users--;
    if (users == 0) {
      current = null;
      shared.close();
    }
  }

  BlockingCohortClient client() {
    return blocking;
  }

  ErrorLog errors() {
    return errors;
  }

  /** Counts one YCSB operation that the binding sent, or tried to send, to Cohort. */
  void countOperation() {
    operations.increment();
  }

  /**
   * Formats the summary line, for example {@code cohort: 100000 operations, 150012 requests, 312 hops between
   * nodes (0.2%), 3 routing fetches, 0 redirects, 0 retries}. The percentage is hops per request.
   */
  static String summaryLine(long operations, ClientStats stats) {
    double hopPercent = stats.requests() == 0 ? 0 : 100.0 * stats.hops() / stats.requests();
    return String.format(Locale.ROOT,
        "cohort: %d operations, %d requests, %d hops between nodes (%.1f%%), %d routing fetches,"
            + " %d redirects, %d retries",
        operations, stats.requests(), stats.hops(), hopPercent, stats.routingFetches(), stats.redirects(),
        stats.retries());
  }

  private void close() {
    client.close();
    errors.printSummary();
    output.println(summaryLine(operations.sum(), client.stats()));
  }
}
