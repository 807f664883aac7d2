package io.cohort.bench.redis;

import io.cohort.bench.BindingErrorLog;
import java.time.Duration;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.JedisPoolConfig;
import redis.clients.jedis.exceptions.JedisException;
import site.ycsb.DBException;

/**
 * The one {@link JedisPool} of a YCSB process, with its error log. YCSB creates one binding instance per thread,
 * and all of them share it: the first {@link #acquire} creates it and checks the server with PING, and the last
 * {@link #release} closes it and prints the error count.
 */
final class SharedPool {
  private static final int MAX_LOGGED_ERRORS = 10;

  /** The open shared pool, or null. The class lock guards it and {@link #users}. */
  private static SharedPool current;
  private static int users;

  private final RedisSettings settings;
  private final JedisPool pool;
  private final BindingErrorLog errors;

  private SharedPool(RedisSettings settings, JedisPool pool) {
    this.settings = settings;
    this.pool = pool;
    this.errors = new BindingErrorLog(System.err, MAX_LOGGED_ERRORS);
  }

  /**
   * Returns the shared pool, creating it with {@code settings} if none is open.
   *
   * @throws DBException if the open pool has other settings or the server does not reply to PING
   */
  static synchronized SharedPool acquire(RedisSettings settings) throws DBException {
    if (current == null) {
      current = new SharedPool(settings, open(settings));
    } else if (!current.settings.equals(settings)) {
      throw new DBException("binding instances of one process must use the same settings, but this one has ["
          + settings.describe() + "] and the open pool has [" + current.settings.describe()
          + "]; set the redis.* properties once for the whole YCSB run");
    }
    users++;
    return current;
  }

  /** Releases one use. The last release closes the pool and prints the error count. */
  static synchronized void release(SharedPool shared) {
    if (shared != current) {
      return; // already closed by its last release
    }
    users--;
    if (users == 0) {
      current = null;
      shared.pool.close();
      shared.errors.printSummary();
    }
  }

  /** Borrows a connection, which the caller returns to the pool by closing it. */
  Jedis connection() {
    return pool.getResource();
  }

  BindingErrorLog errors() {
    return errors;
  }

  boolean isClosed() {
    return pool.isClosed();
  }

  /**
   * Creates a pool of up to {@code poolSize} connections that keeps them all open when idle. A thread waits at most
   * the timeout for a free connection, which happens only when more threads than connections use the pool at once.
   */
  private static JedisPool open(RedisSettings settings) throws DBException {
    JedisPoolConfig poolConfig = new JedisPoolConfig();
    poolConfig.setMaxTotal(settings.poolSize());
    poolConfig.setMaxIdle(settings.poolSize());
    poolConfig.setMaxWait(Duration.ofMillis(settings.timeoutMillis()));
    poolConfig.setJmxEnabled(false);
    DefaultJedisClientConfig clientConfig = DefaultJedisClientConfig.builder()
        .timeoutMillis(settings.timeoutMillis())
        .build();
    JedisPool pool = new JedisPool(poolConfig,
        new HostAndPort(settings.endpoint().host(), settings.endpoint().port()), clientConfig);
    try (Jedis jedis = pool.getResource()) {
      jedis.ping();
      return pool;
    } catch (JedisException e) {
      pool.close();
      throw new DBException("failed to connect to Redis at " + settings.endpoint() + " (" + RedisYcsbClient.describe(e)
          + "); check that redis-server runs there and that " + RedisYcsbClient.ENDPOINT_PROPERTY + " names it", e);
    }
  }
}
