package io.cohort.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cohort.client.BlockingCohortClient;
import io.cohort.client.CohortException;
import io.cohort.client.CohortTimeoutException;
import io.cohort.client.NoNodeReachableException;
import io.cohort.client.Problem;
import io.cohort.client.UnavailableException;
import io.cohort.client.VersionConflictException;
import io.cohort.client.Versioned;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.Vector;
import site.ycsb.ByteIterator;
import site.ycsb.DB;
import site.ycsb.DBException;
import site.ycsb.Status;

/**
 * YCSB binding for Cohort, over the Java client in {@code io.cohort.client}.
 *
 * <p>A record is stored as one JSON object that maps each field name to a string value. The YCSB
 * table name is ignored, so every table shares one key space. Properties:
 *
 * <ul>
 *   <li>{@code cohort.endpoints}: comma-separated seed URLs of the nodes, from which the client loads
 *       the routing table (default {@value #ENDPOINTS_DEFAULT}).
 *   <li>{@code cohort.timeout.ms}: the client's request timeout in milliseconds; the connect timeout
 *       is the same but at most 2000 ms (default {@value #TIMEOUT_MS_DEFAULT}).
 *   <li>{@code cohort.update.retries}: how many times an update starts over after a version conflict
 *       from a concurrent write before it fails (default {@value #UPDATE_RETRIES_DEFAULT}).
 *   <li>{@code cohort.routing}: {@code true} sends each request to its partition's owner, {@code
 *       false} sends requests round-robin over the nodes (default {@value #ROUTING_DEFAULT}).
 *   <li>{@code cohort.redirects}: {@code true} makes nodes respond with a redirect to the
 *       owner instead of forwarding the request (default {@value #REDIRECTS_DEFAULT}).
 * </ul>
 *
 * <p>Client errors map to YCSB statuses: {@link UnavailableException} and {@link
 * CohortTimeoutException} are SERVICE_UNAVAILABLE, every other error is ERROR, an absent key is
 * NOT_FOUND and an empty key is BAD_REQUEST. Read, scan, insert, update and delete return a status
 * for every failure and never throw. Only {@link #init} throws, on invalid properties. All
 * instances of a process share one {@link io.cohort.client.CohortClient}, see {@link SharedClient}.
 */
public class CohortYcsbClient extends DB {

  public static final String ENDPOINTS_PROPERTY = "cohort.endpoints";
  public static final String ENDPOINTS_DEFAULT = "http://127.0.0.1:8081";
  public static final String TIMEOUT_MS_PROPERTY = "cohort.timeout.ms";
  public static final String TIMEOUT_MS_DEFAULT = "5000";
  public static final String UPDATE_RETRIES_PROPERTY = "cohort.update.retries";
  public static final String UPDATE_RETRIES_DEFAULT = "5";
  public static final String ROUTING_PROPERTY = "cohort.routing";
  public static final String ROUTING_DEFAULT = "true";
  public static final String REDIRECTS_PROPERTY = "cohort.redirects";
  public static final String REDIRECTS_DEFAULT = "false";

  /** Error log of the operations called before {@link #init} or after {@link #cleanup}. */
  private static final ErrorLog UNINITIALIZED_ERRORS = new ErrorLog(System.err, 10);

  /** The shared client while this instance is initialized, otherwise null. */
  private SharedClient shared;
  private BlockingCohortClient client;
  private int updateRetries;

  /** One operation against the client. {@link #run} maps the exceptions it throws to a status. */
  @FunctionalInterface
  private interface Operation {
    Status run() throws JsonProcessingException;
  }

  @Override
  public void init() throws DBException {
    BindingSettings settings = BindingSettings.parse(getProperties());
    shared = SharedClient.acquire(settings);
    client = shared.client();
    updateRetries = settings.updateRetries();
  }

  /** Releases the shared client. The last instance to clean up closes it and prints the summary. */
  @Override
  public void cleanup() {
    if (shared != null) {
      SharedClient.release(shared);
      shared = null;
      client = null;
    }
  }

  @Override
  public Status read(String table, String key, Set<String> fields, Map<String, ByteIterator> result) {
    return run("read", key, () -> {
      Optional<Versioned> value = client.get(key);
      if (value.isEmpty()) {
        return Status.NOT_FOUND;
      }
      JsonRecords.copyFields(JsonRecords.parse(value.get().json()), fields, result);
      return Status.OK;
    });
  }

  /** Returns NOT_IMPLEMENTED because the API has no range reads. */
  @Override
  public Status scan(String table, String startKey, int recordCount, Set<String> fields,
      Vector<HashMap<String, ByteIterator>> result) {
    return Status.NOT_IMPLEMENTED;
  }

  /**
   * Merges {@code values} into the stored record with an optimistic read-modify-write: get the
   * record and its version, merge, then write it only if the version is unchanged. A version
   * conflict means another client wrote the key in between, so the update starts over, at most
   * {@code cohort.update.retries} times.
   */
  @Override
  public Status update(String table, String key, Map<String, ByteIterator> values) {
    return run("update", key, () -> updateWithRetries(key, JsonRecords.toStrings(values)));
  }

  /** Stores {@code values} as the whole record, replacing any record under the key. */
  @Override
  public Status insert(String table, String key, Map<String, ByteIterator> values) {
    return run("insert", key, () -> {
      client.put(key, JsonRecords.write(JsonRecords.toStrings(values)));
      return Status.OK;
    });
  }

  @Override
  public Status delete(String table, String key) {
    return run("delete", key, () -> client.delete(key).isPresent() ? Status.OK : Status.NOT_FOUND);
  }

  /** Maps a client error to the YCSB status this binding reports for it. */
  static Status statusFor(CohortException error) {
    if (error instanceof UnavailableException || error instanceof CohortTimeoutException) {
      return Status.SERVICE_UNAVAILABLE;
    }
    return Status.ERROR;
  }

  private Status updateWithRetries(String key, Map<String, String> newFields) throws JsonProcessingException {
    for (int attempt = 0; attempt <= updateRetries; attempt++) {
      Optional<Versioned> current = client.get(key);
      if (current.isEmpty()) {
        return Status.NOT_FOUND;
      }
      ObjectNode record = JsonRecords.parse(current.get().json());
      newFields.forEach(record::put);
      try {
        client.putIfVersion(key, JsonRecords.write(record), current.get().version());
        return Status.OK;
      } catch (VersionConflictException e) {
        // Another client wrote the key after the get, so start over from its new version.
      }
    }
    shared.errors().error("update of key '" + key + "' failed: version conflict on all " + (updateRetries + 1)
        + " attempts because other clients kept writing the key. Raise " + UPDATE_RETRIES_PROPERTY
        + " to retry more often");
    return Status.ERROR;
  }

  /** Runs {@code operation} and turns every exception into a status, so that none leaves a DB method. */
  private Status run(String name, String key, Operation operation) {
    if (shared == null) {
      UNINITIALIZED_ERRORS.error(name + " failed: the binding instance is not initialized, or it was cleaned up");
      return Status.ERROR;
    }
    ErrorLog errors = shared.errors();
    if (key == null || key.isEmpty()) {
      errors.error(name + " failed: the key is empty, but Cohort needs a non-empty key");
      return Status.BAD_REQUEST;
    }
    shared.countOperation();
    String context = name + " of key '" + key + "'";
    try {
      return operation.run();
    } catch (CohortException e) {
      errors.error(context + " failed: " + describe(e));
      return statusFor(e);
    } catch (JsonProcessingException e) {
      errors.error(context + " failed: the stored value is not a JSON object of fields: " + e.getOriginalMessage());
      return Status.ERROR;
    } catch (RuntimeException e) {
      errors.error(context + " failed: " + e);
      return Status.ERROR;
    }
  }

  /**
   * Describes a client error: its type, its message, the problem detail if the message lacks it,
   * the server's Retry-After and what to check next.
   */
  static String describe(CohortException error) {
    String message = String.valueOf(error.getMessage());
    StringBuilder text = new StringBuilder(error.getClass().getSimpleName()).append(": ").append(message);
    String detail = error.problem().map(Problem::detail).orElse(null);
    if (detail != null && !message.contains(detail)) {
      text.append(" (problem detail: ").append(detail).append(')');
    }
    if (error instanceof UnavailableException unavailable) {
      unavailable.retryAfter().ifPresent(delay ->
          text.append(" (Retry-After: ").append(delay.toSeconds()).append(" s)"));
    }
    if (error instanceof CohortTimeoutException) {
      text.append(". Raise ").append(TIMEOUT_MS_PROPERTY).append(" if the nodes are only slow");
    }
    if (error instanceof NoNodeReachableException) {
      text.append(". Check that the nodes are running and that ").append(ENDPOINTS_PROPERTY).append(" names them");
    }
    return text.toString();
  }
}
