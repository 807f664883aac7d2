package io.cohort.persistence.lease;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSessionRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lease rows in {@code <keyspace>.leases}, written only with lightweight transactions so that Cassandra
 * orders every change of one lease through Paxos.
 *
 * <p>The store uses its own session from {@link CassandraSessionRegistry}, at the lease's {@code
 * session-config-path}, not the journal's session at {@code pekko.persistence.cassandra}. The registry
 * runs the keyspace and table creation only for the caller that creates a session, and sharding acquires
 * a shard's lease before any entity starts the journal. Sharing the journal's session would therefore
 * skip the journal's table creation on a fresh cluster.
 *
 * <p>The keyspace and table are created on first use (when autocreate is on) and the statements
 * prepared. A failure there is retried on the next operation.
 */
final class CassandraLeaseStore implements LeaseStore {
  private static final Logger log = LoggerFactory.getLogger(CassandraLeaseStore.class);

  static final String TABLE = "leases";

  private final ClassicActorSystemProvider system;
  private final CassandraLeaseSettings.StoreSettings settings;

  /** Completes once the schema exists and the statements are prepared. Reset to null after a failure. */
  private final AtomicReference<CompletableFuture<Statements>> ready = new AtomicReference<>();

  private record Statements(
      CqlSession session, PreparedStatement insert, PreparedStatement renew, PreparedStatement delete) {}

  CassandraLeaseStore(ClassicActorSystemProvider system, CassandraLeaseSettings.StoreSettings settings) {
    this.system = system;
    this.settings = settings;
  }

  @Override
  public CompletionStage<LeaseWrite> insertIfAbsent(String name, String owner, int ttlSeconds, Duration timeout) {
    return execute(statements -> statements.insert().bind(name, owner, ttlSeconds), timeout);
  }

  @Override
  public CompletionStage<LeaseWrite> renew(String name, String owner, int ttlSeconds, Duration timeout) {
    return execute(statements -> statements.renew().bind(ttlSeconds, owner, name, owner), timeout);
  }

  @Override
  public CompletionStage<LeaseWrite> deleteIfOwner(String name, String owner, Duration timeout) {
    return execute(statements -> statements.delete().bind(name, owner), timeout);
  }

  /**
   * Connects the session, creates the keyspace and table when autocreate is on, and prepares the
   * statements. Concurrent callers share one attempt.
   */
  CompletionStage<?> ensureReady() {
    return ready();
  }

  private CompletionStage<LeaseWrite> execute(Function<Statements, BoundStatement> bind, Duration timeout) {
    return ready()
        .thenCompose(
            statements -> {
              BoundStatement statement =
                  bind.apply(statements).setExecutionProfileName(settings.driverProfile()).setTimeout(timeout);
              long sentNanos = System.nanoTime();
              return statements.session().executeAsync(statement).thenApply(result -> toWrite(result, sentNanos));
            });
  }

  private static LeaseWrite toWrite(AsyncResultSet result, long sentNanos) {
    if (result.wasApplied()) {
      return new LeaseWrite(true, null, sentNanos);
    }
    // A conditional write that was not applied returns the current values of the columns in its condition.
    // They are missing or null when no row exists.
    Row row = result.one();
    String currentOwner =
        row != null && row.getColumnDefinitions().contains("owner") ? row.getString("owner") : null;
    return new LeaseWrite(false, currentOwner, sentNanos);
  }

  private CompletableFuture<Statements> ready() {
    while (true) {
      CompletableFuture<Statements> existing = ready.get();
      if (existing != null) {
        return existing;
      }
      CompletableFuture<Statements> attempt = new CompletableFuture<>();
      if (ready.compareAndSet(null, attempt)) {
        start(attempt);
        return attempt;
      }
    }
  }

  private void start(CompletableFuture<Statements> attempt) {
    CassandraSessionRegistry.get(system)
        .sessionFor(settings.sessionConfigPath())
        .underlying()
        .thenCompose(this::createSchema)
        .thenCompose(this::prepare)
        .whenComplete(
            (statements, error) -> {
              if (error == null) {
                attempt.complete(statements);
              } else {
                // The next operation starts a new attempt.
                ready.compareAndSet(attempt, null);
                log.warn(
                    "Cassandra lease table {}.{} is not ready, will retry on the next lease operation: {}",
                    settings.keyspace(),
                    TABLE,
                    error.toString());
                attempt.completeExceptionally(error);
              }
            });
  }

  private CompletionStage<CqlSession> createSchema(CqlSession session) {
    CompletionStage<?> keyspace = CompletableFuture.completedFuture(null);
    if (settings.keyspaceAutocreate()) {
      // SimpleStrategy suits one datacenter, like the journal's keyspaces. A multi-datacenter cluster
      // needs the keyspace created by hand with NetworkTopologyStrategy.
      String createKeyspace =
          "CREATE KEYSPACE IF NOT EXISTS "
              + settings.keyspace()
              + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': "
              + settings.replicationFactor()
              + "}";
      keyspace = session.executeAsync(SimpleStatement.newInstance(createKeyspace));
    }
    if (!settings.tablesAutocreate()) {
      return keyspace.thenApply(done -> session);
    }
    String createTable =
        "CREATE TABLE IF NOT EXISTS "
            + qualifiedTable()
            + " (name text PRIMARY KEY, owner text)"
            + " WITH comment = 'Cohort leases: one row per lease name, written with a TTL by the holder'";
    return keyspace
        .thenCompose(done -> session.executeAsync(SimpleStatement.newInstance(createTable)))
        .thenApply(done -> session);
  }

  private CompletionStage<Statements> prepare(CqlSession session) {
    String table = qualifiedTable();
    CompletableFuture<PreparedStatement> insert =
        session
            .prepareAsync("INSERT INTO " + table + " (name, owner) VALUES (?, ?) IF NOT EXISTS USING TTL ?")
            .toCompletableFuture();
    CompletableFuture<PreparedStatement> renew =
        session
            .prepareAsync("UPDATE " + table + " USING TTL ? SET owner = ? WHERE name = ? IF owner = ?")
            .toCompletableFuture();
    CompletableFuture<PreparedStatement> delete =
        session.prepareAsync("DELETE FROM " + table + " WHERE name = ? IF owner = ?").toCompletableFuture();
    return CompletableFuture.allOf(insert, renew, delete)
        .thenApply(done -> new Statements(session, insert.join(), renew.join(), delete.join()));
  }

  private String qualifiedTable() {
    return settings.keyspace() + "." + TABLE;
  }
}
