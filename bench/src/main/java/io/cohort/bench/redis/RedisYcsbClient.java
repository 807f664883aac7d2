package io.cohort.bench.redis;

import io.cohort.bench.BindingErrorLog;
import java.net.SocketTimeoutException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Vector;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisBusyException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;
import site.ycsb.ByteIterator;
import site.ycsb.DB;
import site.ycsb.DBException;
import site.ycsb.Status;
import site.ycsb.StringByteIterator;

/**
 * YCSB binding for Redis, over Jedis, as an in-memory baseline for Cohort.
 *
 * <p>A record is one Redis hash whose fields are the record's fields. The YCSB table name is ignored. Insert and
 * update both send HSET with the given fields, so an insert of an existing key merges into it instead of
 * replacing it, and an update of an absent key creates it. Read sends HGETALL, or HMGET for the requested fields,
 * and delete sends DEL.
 *
 * <p>Properties:
 *
 * <ul>
 *   <li>{@code redis.endpoint}: {@code host:port} of the server (default {@value #ENDPOINT_DEFAULT}).
 *   <li>{@code redis.timeout.ms}: the connect timeout and the timeout of each reply, in milliseconds, and the
 *       longest wait for a free pooled connection (default {@value #TIMEOUT_MS_DEFAULT}).
 *   <li>{@code redis.pool-size}: the maximum number of connections, at least YCSB's {@code threadcount} (default
 *       {@value #POOL_SIZE_DEFAULT}).
 * </ul>
 *
 * <p>A reply timeout and Redis' BUSY reply (a script ran past {@code busy-reply-threshold}) are
 * SERVICE_UNAVAILABLE. Every other error, including a refused connection, is ERROR. A read or delete of an absent
 * key is NOT_FOUND. Operations catch every exception and return a status for it. Only {@link #init} throws, on
 * invalid properties or when the server does not reply to PING. All instances of a process share one pool, see
 * {@link SharedPool}.
 */
public class RedisYcsbClient extends DB {

  public static final String ENDPOINT_PROPERTY = "redis.endpoint";
  public static final String ENDPOINT_DEFAULT = "127.0.0.1:6379";
  public static final String TIMEOUT_MS_PROPERTY = "redis.timeout.ms";
  public static final String TIMEOUT_MS_DEFAULT = "5000";
  public static final String POOL_SIZE_PROPERTY = "redis.pool-size";
  public static final String POOL_SIZE_DEFAULT = "128";

  /** How many causes {@link #isTimeout} inspects. Jedis 8.0.2 makes a reply timeout the direct cause. */
  private static final int MAX_CAUSE_DEPTH = 10;

  /** Error log of the operations called before {@link #init} or after {@link #cleanup}. */
  private static final BindingErrorLog UNINITIALIZED_ERRORS = new BindingErrorLog(System.err, 10);

  /** The shared pool while this instance is initialized, otherwise null. */
  private SharedPool shared;

  /** One operation on a pooled connection. {@link #run} maps the exceptions it throws to a status. */
  @FunctionalInterface
  private interface Operation {
    Status run(Jedis jedis);
  }

  @Override
  public void init() throws DBException {
    shared = SharedPool.acquire(RedisSettings.parse(getProperties()));
  }

  /** Releases the shared pool. The last instance to clean up closes it and prints the error count. */
  @Override
  public void cleanup() {
    if (shared != null) {
      SharedPool.release(shared);
      shared = null;
    }
  }

  /** Reads the requested fields, or all of them when {@code fields} is null. */
  @Override
  public Status read(String table, String key, Set<String> fields, Map<String, ByteIterator> result) {
    return run("read", key, jedis -> {
      if (fields == null) {
        Map<String, String> stored = jedis.hgetAll(key);
        stored.forEach((field, value) -> result.put(field, new StringByteIterator(value)));
        return stored.isEmpty() ? Status.NOT_FOUND : Status.OK;
      }
      return readFields(jedis, key, fields, result);
    });
  }

  /** Returns NOT_IMPLEMENTED, because Cohort has no range reads to compare with. */
  @Override
  public Status scan(String table, String startKey, int recordCount, Set<String> fields,
      Vector<HashMap<String, ByteIterator>> result) {
    return Status.NOT_IMPLEMENTED;
  }

  /** Adds or overwrites the given fields, creating the record if the key is absent. */
  @Override
  public Status update(String table, String key, Map<String, ByteIterator> values) {
    return run("update", key, jedis -> {
      jedis.hset(key, StringByteIterator.getStringMap(values));
      return Status.OK;
    });
  }

  /** Adds or overwrites the given fields. Fields of an existing record that {@code values} lacks stay. */
  @Override
  public Status insert(String table, String key, Map<String, ByteIterator> values) {
    return run("insert", key, jedis -> {
      jedis.hset(key, StringByteIterator.getStringMap(values));
      return Status.OK;
    });
  }

  @Override
  public Status delete(String table, String key) {
    return run("delete", key, jedis -> jedis.del(key) == 0 ? Status.NOT_FOUND : Status.OK);
  }

  /** Maps a Jedis error to the YCSB status this binding reports for it. */
  static Status statusFor(JedisException error) {
    if (error instanceof JedisBusyException || isTimeout(error)) {
      return Status.SERVICE_UNAVAILABLE;
    }
    return Status.ERROR;
  }

  /** Describes a Jedis error: its type, its message, its cause and, for a timeout, what to change. */
  static String describe(JedisException error) {
    String text = error.getClass().getSimpleName() + ": " + error.getMessage();
    Throwable cause = error.getCause();
    if (cause != null && !String.valueOf(error.getMessage()).contains(String.valueOf(cause.getMessage()))) {
      text += " (cause: " + cause + ")";
    }
    if (isTimeout(error)) {
      text += ". Raise " + TIMEOUT_MS_PROPERTY + " if the server is only slow";
    }
    return text;
  }

  /** Returns the shared pool of this instance, or null when it is not initialized. */
  SharedPool sharedPool() {
    return shared;
  }

  /**
   * Reads {@code fields} with HMGET. When none of them is stored, EXISTS distinguishes an absent key (NOT_FOUND)
   * from a record without those fields (OK).
   */
  private static Status readFields(Jedis jedis, String key, Set<String> fields, Map<String, ByteIterator> result) {
    if (!fields.isEmpty()) {
      String[] names = fields.toArray(new String[0]);
      List<String> values = jedis.hmget(key, names);
      for (int i = 0; i < names.length; i++) {
        if (values.get(i) != null) {
          result.put(names[i], new StringByteIterator(values.get(i)));
        }
      }
      if (!result.isEmpty()) {
        return Status.OK;
      }
    }
    return jedis.exists(key) ? Status.OK : Status.NOT_FOUND;
  }

  /** Returns whether a connection attempt or a reply timed out, which Jedis reports as a connection error. */
  private static boolean isTimeout(JedisException error) {
    if (!(error instanceof JedisConnectionException)) {
      return false;
    }
    // The depth bound ends the walk on a cause chain that loops back on itself.
    Throwable cause = error.getCause();
    for (int depth = 0; cause != null && depth < MAX_CAUSE_DEPTH; depth++) {
      if (cause instanceof SocketTimeoutException) {
        return true;
      }
      cause = cause.getCause();
    }
    return false;
  }

  /** Runs {@code operation} on a pooled connection and turns every exception into a status. */
  private Status run(String name, String key, Operation operation) {
    SharedPool pool = shared;
    if (pool == null) {
      UNINITIALIZED_ERRORS.error(name + " failed: the binding instance is not initialized, or it was cleaned up");
      return Status.ERROR;
    }
    try (Jedis jedis = pool.connection()) {
      return operation.run(jedis);
    } catch (JedisException e) {
      pool.errors().error(name + " of key '" + key + "' failed: " + describe(e));
      return statusFor(e);
    } catch (RuntimeException e) {
      pool.errors().error(name + " of key '" + key + "' failed: " + e);
      return Status.ERROR;
    }
  }
}
