package io.cohort.bench.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.NoNodeAvailableException;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.config.OptionsMap;
import com.datastax.oss.driver.api.core.config.TypedDriverOption;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.cohort.bench.BindingErrorLog;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import site.ycsb.DBException;

/**
 * The one {@link CqlSession} of a YCSB process, with its prepared statements and error log. YCSB creates one
 * binding instance per thread, and all of them share it: the first {@link #acquire} connects and creates the
 * keyspace and table if absent, and the last {@link #release} closes the session and prints the error count.
 */
final class SharedSession {
  static final String TABLE = "usertable";

  private static final int MAX_LOGGED_ERRORS = 10;
  /** Timeout of each schema statement, longer than a data request because the nodes must agree on the schema. */
  private static final Duration SCHEMA_TIMEOUT = Duration.ofSeconds(60);

  /** The open shared session, or null. The class lock guards it and {@link #users}. */
  private static SharedSession current;
  private static int users;

  private final CassandraSettings settings;
  private final CqlSession session;
  private final BindingErrorLog errors;
  private final PreparedStatement insert;
  private final PreparedStatement read;
  private final PreparedStatement update;
  private final PreparedStatement delete;

  private SharedSession(CassandraSettings settings, CqlSession session) {
    this.settings = settings;
    this.session = session;
    this.errors = new BindingErrorLog(System.err, MAX_LOGGED_ERRORS);
    String table = settings.keyspace() + "." + TABLE;
    insert = session.prepare("INSERT INTO " + table + " (key, fields) VALUES (?, ?)");
    read = session.prepare("SELECT fields FROM " + table + " WHERE key = ?");
    update = session.prepare("UPDATE " + table + " SET fields = fields + ? WHERE key = ?");
    delete = session.prepare("DELETE FROM " + table + " WHERE key = ?");
  }

  /**
   * Returns the shared session, connecting with {@code settings} if none is open.
   *
   * @throws DBException if the open session has other settings, the driver cannot connect, or the schema
   *     statements fail
   */
  static synchronized SharedSession acquire(CassandraSettings settings) throws DBException {
    if (current == null) {
      current = open(settings);
    } else if (!current.settings.equals(settings)) {
      throw new DBException("binding instances of one process must use the same settings, but this one has ["
          + settings.describe() + "] and the open session has [" + current.settings.describe()
          + "]; set the cassandra.* properties once for the whole YCSB run");
    }
    users++;
    return current;
  }

  /** Releases one use. The last release closes the session and prints the error count. */
  static synchronized void release(SharedSession shared) {
    if (shared != current) {
      return; // already closed by its last release
    }
    users--;
    if (users == 0) {
      current = null;
      shared.session.close();
      shared.errors.printSummary();
    }
  }

  BindingErrorLog errors() {
    return errors;
  }

  boolean isClosed() {
    return session.isClosed();
  }

  /** Returns the driver session, for tests that inspect the stored data or the schema. */
  CqlSession session() {
    return session;
  }

  BoundStatement insert(String key, Map<String, String> fields) {
    return insert.bind(key, fields).setConsistencyLevel(settings.writeConsistency());
  }

  BoundStatement read(String key) {
    return read.bind(key).setConsistencyLevel(settings.readConsistency());
  }

  BoundStatement update(String key, Map<String, String> fields) {
    return update.bind(fields, key).setConsistencyLevel(settings.writeConsistency());
  }

  BoundStatement delete(String key) {
    return delete.bind(key).setConsistencyLevel(settings.writeConsistency());
  }

  /** Connects, creates the schema and prepares the statements, closing the session if a step fails. */
  private static SharedSession open(CassandraSettings settings) throws DBException {
    CqlSession session = connect(settings);
    try {
      createSchema(session, settings);
      return new SharedSession(settings, session);
    } catch (NoNodeAvailableException e) {
      session.close();
      throw new DBException("no Cassandra node in datacenter '" + settings.localDatacenter() + "' is reachable ("
          + e.getMessage() + "); check that " + CassandraYcsbClient.LOCAL_DATACENTER_PROPERTY
          + " names the datacenter of " + settings.contactPoint(), e);
    } catch (RuntimeException e) {
      session.close();
      throw new DBException("failed to create or prepare the table " + settings.keyspace() + "." + TABLE + ": "
          + e, e);
    }
  }

  private static CqlSession connect(CassandraSettings settings) throws DBException {
    // The driver's built-in defaults, without the reference.conf files on the classpath. Cohort's sets
    // reconnect-on-init, with which build() retries an unreachable contact point forever.
    OptionsMap options = OptionsMap.driverDefaults();
    options.put(TypedDriverOption.REQUEST_TIMEOUT, settings.requestTimeout());
    DriverConfigLoader config = DriverConfigLoader.fromMap(options);
    try {
      return CqlSession.builder()
          .addContactPoint(new InetSocketAddress(settings.contactPoint().host(), settings.contactPoint().port()))
          .withLocalDatacenter(settings.localDatacenter())
          .withConfigLoader(config)
          .build();
    } catch (RuntimeException e) {
      throw new DBException("failed to connect to Cassandra at " + settings.contactPoint() + " (" + e.getMessage()
          + "); check that Cassandra runs there and that " + CassandraYcsbClient.CONTACT_POINT_PROPERTY
          + " names its CQL address and port", e);
    }
  }

  /**
   * Creates the keyspace, replicated in the local datacenter only, and the table if they are absent. An existing
   * keyspace keeps its replication.
   */
  private static void createSchema(CqlSession session, CassandraSettings settings) {
    String datacenterLiteral = "'" + settings.localDatacenter().replace("'", "''") + "'";
    session.execute(SimpleStatement.newInstance("CREATE KEYSPACE IF NOT EXISTS " + settings.keyspace()
            + " WITH replication = {'class': 'NetworkTopologyStrategy', " + datacenterLiteral + ": "
            + settings.replicationFactor() + "}")
        .setTimeout(SCHEMA_TIMEOUT));
    session.execute(SimpleStatement.newInstance("CREATE TABLE IF NOT EXISTS " + settings.keyspace() + "." + TABLE
            + " (key text PRIMARY KEY, fields map<text, text>)")
        .setTimeout(SCHEMA_TIMEOUT));
  }
}
