package io.cohort.bench.cassandra;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.NoNodeAvailableException;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.servererrors.ReadTimeoutException;
import com.datastax.oss.driver.api.core.servererrors.UnavailableException;
import com.datastax.oss.driver.api.core.servererrors.WriteTimeoutException;
import io.cohort.bench.BindingErrorLog;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Vector;
import site.ycsb.ByteIterator;
import site.ycsb.DB;
import site.ycsb.DBException;
import site.ycsb.Status;
import site.ycsb.StringByteIterator;

/**
 * YCSB binding for Cassandra used directly, over the DataStax Java driver 4, as a baseline for Cohort.
 *
 * <p>A record is one row of {@code usertable (key text PRIMARY KEY, fields map<text, text>)}. The YCSB table name
 * is ignored. Insert writes the whole map, replacing any record under the key. Update is a blind merge, {@code
 * SET fields = fields + ?}, which is how Cassandra is usually used: it sends no read, and it creates the record
 * when the key is absent. Cohort's update instead reads the record and writes it back only if its version is
 * unchanged, and it returns NOT_FOUND for an absent key. Delete returns OK whether or not the key existed.
 *
 * <p>Properties:
 *
 * <ul>
 *   <li>{@code cassandra.contact-point}: {@code host:port} of the node to connect to first (default {@value
 *       #CONTACT_POINT_DEFAULT}).
 *   <li>{@code cassandra.local-datacenter}: the datacenter of the contact point; requests go to its nodes only
 *       (default {@value #LOCAL_DATACENTER_DEFAULT}).
 *   <li>{@code cassandra.keyspace}: the keyspace of the table (default {@value #KEYSPACE_DEFAULT}).
 *   <li>{@code cassandra.replication-factor}: the replication factor in the local datacenter when the binding
 *       creates the keyspace; an existing keyspace keeps its own (default {@value #REPLICATION_FACTOR_DEFAULT}).
 *   <li>{@code cassandra.write-consistency}: the consistency level of insert, update and delete (default {@value
 *       #WRITE_CONSISTENCY_DEFAULT}, the level of Cohort's journal writes).
 *   <li>{@code cassandra.read-consistency}: the consistency level of read (default {@value
 *       #READ_CONSISTENCY_DEFAULT}).
 *   <li>{@code cassandra.timeout.ms}: the driver's request timeout in milliseconds (default {@value
 *       #TIMEOUT_MS_DEFAULT}, the same as {@code cohort.timeout.ms}).
 * </ul>
 *
 * <p>Driver timeouts, server read and write timeouts, and too few live replicas ({@link UnavailableException})
 * are SERVICE_UNAVAILABLE, also when the driver wraps them in an {@link AllNodesFailedException}. Every other
 * error, including {@link NoNodeAvailableException}, is ERROR, and a read of an absent key is NOT_FOUND.
 * Operations catch every exception and return a status for it. Only {@link #init} throws, on invalid properties
 * or when it cannot connect or create the schema. All instances of a process share one session, see {@link
 * SharedSession}.
 */
public class CassandraYcsbClient extends DB {

  public static final String CONTACT_POINT_PROPERTY = "cassandra.contact-point";
  public static final String CONTACT_POINT_DEFAULT = "127.0.0.1:9042";
  public static final String LOCAL_DATACENTER_PROPERTY = "cassandra.local-datacenter";
  public static final String LOCAL_DATACENTER_DEFAULT = "datacenter1";
  public static final String KEYSPACE_PROPERTY = "cassandra.keyspace";
  public static final String KEYSPACE_DEFAULT = "ycsb";
  public static final String REPLICATION_FACTOR_PROPERTY = "cassandra.replication-factor";
  public static final String REPLICATION_FACTOR_DEFAULT = "1";
  public static final String WRITE_CONSISTENCY_PROPERTY = "cassandra.write-consistency";
  public static final String WRITE_CONSISTENCY_DEFAULT = "QUORUM";
  public static final String READ_CONSISTENCY_PROPERTY = "cassandra.read-consistency";
  public static final String READ_CONSISTENCY_DEFAULT = "QUORUM";
  public static final String TIMEOUT_MS_PROPERTY = "cassandra.timeout.ms";
  public static final String TIMEOUT_MS_DEFAULT = "5000";

  /** Error log of the operations called before {@link #init} or after {@link #cleanup}. */
  private static final BindingErrorLog UNINITIALIZED_ERRORS = new BindingErrorLog(System.err, 10);

  /** The shared session while this instance is initialized, otherwise null. */
  private SharedSession shared;

  /** One operation on the shared session. {@link #run} maps the exceptions it throws to a status. */
  @FunctionalInterface
  private interface Operation {
    Status run(SharedSession session);
  }

  @Override
  public void init() throws DBException {
    shared = SharedSession.acquire(CassandraSettings.parse(getProperties()));
  }

  /** Releases the shared session. The last instance to clean up closes it and prints the error count. */
  @Override
  public void cleanup() {
    if (shared != null) {
      SharedSession.release(shared);
      shared = null;
    }
  }

  /** Reads the map and returns the requested fields, or all of them when {@code fields} is null. */
  @Override
  public Status read(String table, String key, Set<String> fields, Map<String, ByteIterator> result) {
    return run("read", key, session -> {
      Row row = session.session().execute(session.read(key)).one();
      if (row == null) {
        return Status.NOT_FOUND;
      }
      Map<String, String> stored = row.getMap(0, String.class, String.class);
      for (Map.Entry<String, String> field : stored.entrySet()) {
        if (fields == null || fields.contains(field.getKey())) {
          result.put(field.getKey(), new StringByteIterator(field.getValue()));
        }
      }
      return Status.OK;
    });
  }

  /** Returns NOT_IMPLEMENTED, because Cohort has no range reads to compare with. */
  @Override
  public Status scan(String table, String startKey, int recordCount, Set<String> fields,
      Vector<HashMap<String, ByteIterator>> result) {
    return Status.NOT_IMPLEMENTED;
  }

  /** Adds or overwrites the given fields with one blind write, see the class description. */
  @Override
  public Status update(String table, String key, Map<String, ByteIterator> values) {
    return run("update", key, session -> {
      session.session().execute(session.update(key, StringByteIterator.getStringMap(values)));
      return Status.OK;
    });
  }

  /** Stores {@code values} as the whole record, replacing any record under the key. */
  @Override
  public Status insert(String table, String key, Map<String, ByteIterator> values) {
    return run("insert", key, session -> {
      session.session().execute(session.insert(key, StringByteIterator.getStringMap(values)));
      return Status.OK;
    });
  }

  @Override
  public Status delete(String table, String key) {
    return run("delete", key, session -> {
      session.session().execute(session.delete(key));
      return Status.OK;
    });
  }

  /**
   * Maps a driver error to the YCSB status this binding reports for it. The driver wraps the errors of the nodes it
   * tried in an {@link AllNodesFailedException}, which is SERVICE_UNAVAILABLE when each of those errors is.
   */
  static Status statusFor(DriverException error) {
    if (error instanceof AllNodesFailedException allFailed) {
      List<Throwable> nodeErrors = allFailed.getAllErrors().values().stream().flatMap(List::stream).toList();
      boolean unavailable = !nodeErrors.isEmpty() && nodeErrors.stream().allMatch(CassandraYcsbClient::isUnavailable);
      return unavailable ? Status.SERVICE_UNAVAILABLE : Status.ERROR;
    }
    return isUnavailable(error) ? Status.SERVICE_UNAVAILABLE : Status.ERROR;
  }

  private static boolean isUnavailable(Throwable error) {
    return error instanceof DriverTimeoutException || error instanceof ReadTimeoutException
        || error instanceof WriteTimeoutException || error instanceof UnavailableException;
  }

  /** Returns the shared session of this instance, or null when it is not initialized. */
  SharedSession sharedSession() {
    return shared;
  }

  /** Runs {@code operation} and turns every exception into a status, so that none leaves a DB method. */
  private Status run(String name, String key, Operation operation) {
    SharedSession session = shared;
    if (session == null) {
      UNINITIALIZED_ERRORS.error(name + " failed: the binding instance is not initialized, or it was cleaned up");
      return Status.ERROR;
    }
    try {
      return operation.run(session);
    } catch (DriverException e) {
      session.errors().error(name + " of key '" + key + "' failed: " + describe(e));
      return statusFor(e);
    } catch (RuntimeException e) {
      session.errors().error(name + " of key '" + key + "' failed: " + e);
      return Status.ERROR;
    }
  }

  /** Describes a driver error: its type, its message and, for a driver timeout, what to change. */
  private static String describe(DriverException error) {
    String text = error.getClass().getSimpleName() + ": " + error.getMessage();
    if (error instanceof DriverTimeoutException) {
      text += ". Raise " + TIMEOUT_MS_PROPERTY + " if the nodes are only slow";
    }
    return text;
  }
}
