package io.cohort.persistence;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.Identify;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.pattern.Patterns;
import org.apache.pekko.persistence.Persistence;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSession;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSessionRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Checks whether the Cassandra journal can reach Cassandra, for a node's readiness endpoint. */
public final class JournalHealth {
  private static final Logger log = LoggerFactory.getLogger(JournalHealth.class);

  private static final String JOURNAL_PLUGIN_ID = JournalConfig.PLUGIN_PATH + ".journal";
  private static final String HEALTH_CHECK_CQL_PATH = JournalConfig.PLUGIN_PATH + ".healthcheck.health-check-cql";

  /** Result of the previous check in this JVM, so that only changes are logged above DEBUG. */
  private static final AtomicReference<Boolean> lastResult = new AtomicReference<>();

  private JournalHealth() {}

  /**
   * Runs the plugin's health-check query ({@code pekko.persistence.cassandra.healthcheck.health-check-cql},
   * by default {@code SELECT now() FROM system.local}) on the journal's own Cassandra session.
   *
   * <p>The session is shared with the journal and snapshot store through {@link CassandraSessionRegistry}.
   * The registry runs the keyspace and table creation only for the caller that creates the session, so
   * this method first lets the journal actor start and create it. The result is therefore true only when
   * the session is connected, the keyspaces and tables exist, and the query returned.
   *
   * @return a stage that completes with false on any exception or when {@code timeout} passes first.
   *     Exceptions, including those thrown while the check is set up, never reach the caller; only an
   *     {@link Error} such as OutOfMemoryError does.
   * @throws NullPointerException when {@code system} or {@code timeout} is null
   */
  public static CompletionStage<Boolean> isReachable(ActorSystem<?> system, Duration timeout) {
    Objects.requireNonNull(system, "system");
    Objects.requireNonNull(timeout, "timeout");
    CompletableFuture<Boolean> result;
    try {
      // The empty Config is the default for journalFor: no overrides of the plugin's configuration.
      ActorRef journal = Persistence.get(system.classicSystem()).journalFor(JOURNAL_PLUGIN_ID, ConfigFactory.empty());
      String query = system.settings().config().getString(HEALTH_CHECK_CQL_PATH);
      // The reply to Identify comes after the journal actor's constructor ran, and that constructor
      // registers the session together with its keyspace and table creation.
      result =
          Patterns.ask(journal, new Identify("journal-health"), timeout)
              .thenCompose(identity -> session(system).selectOne(query))
              .thenApply(row -> true)
              .toCompletableFuture();
    } catch (RuntimeException e) {
      result = CompletableFuture.failedFuture(e);
    }
    return result
        .completeOnTimeout(false, timeout.toMillis(), TimeUnit.MILLISECONDS)
        .handle((reachable, error) -> record(reachable, error, timeout));
  }

  private static CassandraSession session(ActorSystem<?> system) {
    return CassandraSessionRegistry.get(system).sessionFor(JournalConfig.PLUGIN_PATH);
  }

  private static boolean record(Boolean reachable, Throwable error, Duration timeout) {
    boolean ok = error == null && Boolean.TRUE.equals(reachable);
    Boolean previous = lastResult.getAndSet(ok);
    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    String reason = cause != null ? cause.toString() : "timed out after " + timeout.toMillis() + " ms";
    if (ok && !Boolean.TRUE.equals(previous)) {
      log.info("Cassandra journal is reachable");
    } else if (!ok && !Boolean.FALSE.equals(previous)) {
      log.warn("Cassandra journal is not reachable: {}", reason);
    } else if (!ok) {
      log.debug("Cassandra journal is still not reachable: {}", reason);
    }
    return ok;
  }
}
