package io.cohort.bench.redis;

import static io.cohort.bench.redis.RedisYcsbClient.ENDPOINT_DEFAULT;
import static io.cohort.bench.redis.RedisYcsbClient.ENDPOINT_PROPERTY;
import static io.cohort.bench.redis.RedisYcsbClient.POOL_SIZE_DEFAULT;
import static io.cohort.bench.redis.RedisYcsbClient.POOL_SIZE_PROPERTY;
import static io.cohort.bench.redis.RedisYcsbClient.TIMEOUT_MS_DEFAULT;
import static io.cohort.bench.redis.RedisYcsbClient.TIMEOUT_MS_PROPERTY;

import io.cohort.bench.BindingProperties;
import io.cohort.bench.BindingProperties.HostPort;
import java.util.Properties;
import site.ycsb.Client;
import site.ycsb.DBException;

/**
 * The Redis binding's {@code redis.*} properties, parsed and validated.
 *
 * @param endpoint the Redis server
 * @param timeoutMillis the connect timeout and the timeout of each reply, in milliseconds
 * @param poolSize the maximum number of connections in the shared pool
 */
record RedisSettings(HostPort endpoint, int timeoutMillis, int poolSize) {

  /**
   * Parses the properties, applying the defaults.
   *
   * @throws DBException naming the property and its allowed values if a property is invalid, or if the pool is
   *     smaller than YCSB's thread count, which would make threads wait for a connection
   */
  static RedisSettings parse(Properties properties) throws DBException {
    HostPort endpoint = BindingProperties.parseHostPort(properties, ENDPOINT_PROPERTY, ENDPOINT_DEFAULT);
    int timeoutMillis = BindingProperties.parseInt(properties, TIMEOUT_MS_PROPERTY, TIMEOUT_MS_DEFAULT, 1,
        Integer.MAX_VALUE);
    int threads = BindingProperties.parseInt(properties, Client.THREAD_COUNT_PROPERTY, "1", 1, Integer.MAX_VALUE);
    int poolSize = BindingProperties.parseInt(properties, POOL_SIZE_PROPERTY, POOL_SIZE_DEFAULT, 1,
        Integer.MAX_VALUE);
    if (poolSize < threads) {
      throw new DBException("invalid " + POOL_SIZE_PROPERTY + " '" + poolSize + "': expected at least the thread"
          + " count, " + threads + ", so that no thread waits for a connection");
    }
    return new RedisSettings(endpoint, timeoutMillis, poolSize);
  }

  /** Describes the settings for error messages, with the property names. */
  String describe() {
    return ENDPOINT_PROPERTY + "=" + endpoint + ", " + TIMEOUT_MS_PROPERTY + "=" + timeoutMillis + ", "
        + POOL_SIZE_PROPERTY + "=" + poolSize;
  }
}
