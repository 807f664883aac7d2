package io.cohort.bench.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.Vector;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;
import site.ycsb.ByteIterator;
import site.ycsb.DBException;
import site.ycsb.Status;
import site.ycsb.StringByteIterator;

/**
 * Runs the Redis binding against a real redis-server on 127.0.0.1 and a free port, started once for the class.
 * The server keeps no data on disk, and a Lua script that runs longer than 100 ms makes it reply BUSY.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RedisYcsbClientTest {

  private static final String TABLE = "usertable";
  private static final Path SERVER_LOG = Path.of("target", "redis-ycsb-test.log");
  private static final long START_TIMEOUT_MILLIS = 10_000;

  private static Process server;
  private static int port;

  private final List<RedisYcsbClient> clients = new ArrayList<>();

  @BeforeAll
  static void startRedis() throws Exception {
    port = unusedPort();
    Files.createDirectories(SERVER_LOG.getParent());
    ProcessBuilder builder = new ProcessBuilder("redis-server", "--port", Integer.toString(port),
        "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no",
        "--busy-reply-threshold", "100")
        .redirectErrorStream(true)
        .redirectOutput(SERVER_LOG.toFile());
    try {
      server = builder.start();
    } catch (IOException e) {
      fail("failed to start redis-server, which these tests need: install it with apt-get install redis-server", e);
    }
    awaitPing();
  }

  @AfterAll
  static void stopRedis() throws InterruptedException {
    if (server == null) {
      return;
    }
    server.destroy();
    if (!server.waitFor(10, TimeUnit.SECONDS)) {
      server.destroyForcibly();
      server.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @AfterEach
  void cleanUpClients() {
    for (RedisYcsbClient client : clients) {
      client.cleanup();
    }
  }

  @Test
  void insertThenReadAllFields() throws Exception {
    RedisYcsbClient client = newClient(properties());

    assertEquals(Status.OK, client.insert(TABLE, "all-fields", values("field0", "a", "field1", "b")));

    assertEquals(Map.of("field0", "a", "field1", "b"), readAll(client, "all-fields"));
  }

  @Test
  void readReturnsRequestedFieldsOnly() throws Exception {
    RedisYcsbClient client = newClient(properties());
    client.insert(TABLE, "subset", values("field0", "a", "field1", "b", "field2", "c"));

    Map<String, ByteIterator> read = new HashMap<>();
    assertEquals(Status.OK, client.read(TABLE, "subset", Set.of("field0", "field2", "absent"), read));
    assertEquals(Map.of("field0", "a", "field2", "c"), StringByteIterator.getStringMap(read));
  }

  @Test
  void readOfMissingFieldsIsOk() throws Exception {
    RedisYcsbClient client = newClient(properties());
    client.insert(TABLE, "other-fields", values("field0", "a"));

    Map<String, ByteIterator> read = new HashMap<>();
    assertEquals(Status.OK, client.read(TABLE, "other-fields", Set.of("field9"), read));
    assertTrue(read.isEmpty());
    assertEquals(Status.OK, client.read(TABLE, "other-fields", Set.of(), read));
  }

  @Test
  void insertOfStoredKeyMerges() throws Exception {
    RedisYcsbClient client = newClient(properties());
    client.insert(TABLE, "merged-insert", values("field0", "a", "field1", "b"));

    assertEquals(Status.OK, client.insert(TABLE, "merged-insert", values("field1", "B")));

    assertEquals(Map.of("field0", "a", "field1", "B"), readAll(client, "merged-insert"));
  }

  @Test
  void updateMergesFields() throws Exception {
    RedisYcsbClient client = newClient(properties());
    client.insert(TABLE, "merged", values("field0", "a", "field1", "b"));

    assertEquals(Status.OK, client.update(TABLE, "merged", values("field1", "B", "field2", "c")));

    assertEquals(Map.of("field0", "a", "field1", "B", "field2", "c"), readAll(client, "merged"));
  }

  @Test
  void deleteRemovesRecord() throws Exception {
    RedisYcsbClient client = newClient(properties());
    client.insert(TABLE, "deleted", values("field0", "a"));

    assertEquals(Status.OK, client.delete(TABLE, "deleted"));

    assertEquals(Status.NOT_FOUND, client.read(TABLE, "deleted", null, new HashMap<>()));
    assertEquals(Status.NOT_FOUND, client.delete(TABLE, "deleted"));
  }

  @Test
  void readOfAbsentKeyIsNotFound() throws Exception {
    RedisYcsbClient client = newClient(properties());
    Map<String, ByteIterator> read = new HashMap<>();

    assertEquals(Status.NOT_FOUND, client.read(TABLE, "never-written", null, read));
    assertEquals(Status.NOT_FOUND, client.read(TABLE, "never-written", Set.of("field0"), read));
    assertTrue(read.isEmpty());
  }

  @Test
  void scanIsNotImplemented() throws Exception {
    RedisYcsbClient client = newClient(properties());

    assertEquals(Status.NOT_IMPLEMENTED, client.scan(TABLE, "a", 10, null, new Vector<>()));
  }

  @Test
  void wrongTypeIsErrorAndLogged() throws Exception {
    try (Jedis jedis = new Jedis("127.0.0.1", port)) {
      jedis.set("plain-string", "x");
    }
    ByteArrayOutputStream errors = new ByteArrayOutputStream();
    PrintStream originalErr = System.err;
    Status status;
    System.setErr(new PrintStream(errors, true, StandardCharsets.UTF_8));
    try {
      RedisYcsbClient client = newClient(properties());
      status = client.read(TABLE, "plain-string", null, new HashMap<>());
      client.cleanup();
    } finally {
      System.setErr(originalErr);
    }

    String output = errors.toString(StandardCharsets.UTF_8);
    assertEquals(Status.ERROR, status, output);
    assertTrue(output.contains("read of key 'plain-string' failed: JedisDataException: WRONGTYPE"), output);
    assertTrue(output.contains("errors in total: 1"), output);
  }

  @ParameterizedTest
  @CsvSource({
      "redis.endpoint, 127.0.0.1, expected host:port",
      "redis.endpoint, 127.0.0.1:65536, expected host:port",
      "redis.endpoint, :6379, expected host:port",
      "redis.timeout.ms, 0, expected an integer from 1",
      "redis.timeout.ms, 5s, expected an integer from 1",
      "redis.pool-size, 0, expected an integer from 1",
      "redis.pool-size, many, expected an integer from 1",
  })
  void invalidPropertyIsRejected(String property, String value, String expected) {
    Properties properties = properties();
    properties.setProperty(property, value);

    DBException error = assertThrows(DBException.class, () -> newClient(properties));

    assertTrue(error.getMessage().contains(property), error.getMessage());
    assertTrue(error.getMessage().contains(expected), error.getMessage());
  }

  @Test
  void poolSmallerThanThreadCountIsRejected() {
    Properties properties = properties();
    properties.setProperty("threadcount", "16");
    properties.setProperty("redis.pool-size", "8");

    DBException error = assertThrows(DBException.class, () -> newClient(properties));

    assertTrue(error.getMessage().contains("redis.pool-size '8': expected at least the thread count, 16"),
        error.getMessage());
  }

  @Test
  void unreachableEndpointIsRejected() throws IOException {
    Properties properties = properties();
    properties.setProperty("redis.endpoint", "127.0.0.1:" + unusedPort());
    RedisYcsbClient client = new RedisYcsbClient();
    client.setProperties(properties);

    DBException error = assertThrows(DBException.class, client::init);

    assertTrue(error.getMessage().contains("failed to connect to Redis"), error.getMessage());
    assertTrue(error.getMessage().contains("redis.endpoint"), error.getMessage());
    assertNull(client.sharedPool());
  }

  @Test
  void instancesShareOnePool() throws Exception {
    RedisYcsbClient first = newClient(properties());
    RedisYcsbClient second = newClient(properties());
    SharedPool shared = first.sharedPool();
    assertSame(shared, second.sharedPool());

    assertEquals(Status.OK, first.insert(TABLE, "shared", values("field0", "a")));
    first.cleanup();

    assertFalse(shared.isClosed());
    assertEquals(Map.of("field0", "a"), readAll(second, "shared"));
    second.cleanup();
    assertTrue(shared.isClosed());
  }

  @Test
  void otherSettingsWhilePoolOpenAreRejected() throws Exception {
    newClient(properties());
    Properties other = properties();
    other.setProperty("redis.timeout.ms", "1000");

    DBException error = assertThrows(DBException.class, () -> newClient(other));

    assertTrue(error.getMessage().contains("must use the same settings"), error.getMessage());
    assertTrue(error.getMessage().contains("redis.timeout.ms=1000"), error.getMessage());
  }

  @Test
  void operationBeforeInitIsError() {
    RedisYcsbClient client = new RedisYcsbClient();

    assertEquals(Status.ERROR, client.insert(TABLE, "uninitialized", values("field0", "a")));
    assertEquals(Status.ERROR, client.read(TABLE, "uninitialized", null, new HashMap<>()));
  }

  @Test
  void pausedServerTimesOut() throws Exception {
    Properties properties = properties();
    properties.setProperty("redis.timeout.ms", "300");
    RedisYcsbClient client = newClient(properties);
    assertEquals(Status.OK, client.insert(TABLE, "paused", values("field0", "a")));

    Status status;
    signal("STOP", server.pid());
    try {
      status = client.read(TABLE, "paused", null, new HashMap<>());
    } finally {
      signal("CONT", server.pid());
    }

    assertEquals(Status.SERVICE_UNAVAILABLE, status);
    assertEquals(Map.of("field0", "a"), readAll(client, "paused"));
  }

  @Test
  void busyScriptIsServiceUnavailable() throws Exception {
    RedisYcsbClient client = newClient(properties());
    client.insert(TABLE, "busy", values("field0", "a"));
    CompletableFuture<Void> script = CompletableFuture.runAsync(RedisYcsbClientTest::runEndlessScript);
    Status status = Status.OK;
    try {
      // The first reads may run before the script starts, so read until the server replies BUSY.
      for (int attempt = 0; attempt < 50 && status == Status.OK; attempt++) {
        Thread.sleep(50);
        status = client.read(TABLE, "busy", null, new HashMap<>());
      }
    } finally {
      killScript();
      script.get(10, TimeUnit.SECONDS);
    }

    assertEquals(Status.SERVICE_UNAVAILABLE, status);
  }

  private RedisYcsbClient newClient(Properties properties) throws DBException {
    RedisYcsbClient client = new RedisYcsbClient();
    client.setProperties(properties);
    client.init();
    clients.add(client);
    return client;
  }

  private static Properties properties() {
    Properties properties = new Properties();
    properties.setProperty("redis.endpoint", "127.0.0.1:" + port);
    return properties;
  }

  private static Map<String, ByteIterator> values(String... fieldsAndValues) {
    Map<String, String> strings = new HashMap<>();
    for (int i = 0; i < fieldsAndValues.length; i += 2) {
      strings.put(fieldsAndValues[i], fieldsAndValues[i + 1]);
    }
    return StringByteIterator.getByteIteratorMap(strings);
  }

  private static Map<String, String> readAll(RedisYcsbClient client, String key) {
    Map<String, ByteIterator> read = new HashMap<>();
    assertEquals(Status.OK, client.read(TABLE, key, null, read));
    return StringByteIterator.getStringMap(read);
  }

  /** Runs a Lua loop that never ends by itself, until SCRIPT KILL stops it with an error reply. */
  private static void runEndlessScript() {
    try (Jedis jedis = new Jedis("127.0.0.1", port, 20_000)) {
      jedis.eval("while true do end", 0);
    } catch (JedisException e) {
      // Expected: SCRIPT KILL makes EVAL fail.
    }
  }

  /** Sends SCRIPT KILL until it succeeds, for at most 5 s, because it fails while no script runs yet. */
  private static void killScript() throws InterruptedException {
    try (Jedis jedis = new Jedis("127.0.0.1", port, 5_000)) {
      for (int attempt = 0; attempt < 50; attempt++) {
        try {
          jedis.scriptKill();
          return;
        } catch (JedisException e) {
          Thread.sleep(100);
        }
      }
    }
    fail("SCRIPT KILL did not stop the Lua script within 5 s");
  }

  /** Waits until redis-server replies to PING, failing if it exits or does not reply within 10 s. */
  private static void awaitPing() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MILLIS);
    while (System.nanoTime() < deadline) {
      if (!server.isAlive()) {
        fail("redis-server exited with code " + server.exitValue() + "; see " + SERVER_LOG.toAbsolutePath());
      }
      try (Jedis jedis = new Jedis("127.0.0.1", port, 1_000)) {
        if ("PONG".equals(jedis.ping())) {
          return;
        }
      } catch (JedisException e) {
        Thread.sleep(100);
      }
    }
    fail("redis-server did not reply to PING on port " + port + " within " + START_TIMEOUT_MILLIS + " ms; see "
        + SERVER_LOG.toAbsolutePath());
  }

  /** Sends a signal such as STOP or CONT to a process with kill(1), waiting at most 10 s. */
  private static void signal(String name, long pid) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).inheritIO().start();
    assertTrue(kill.waitFor(10, TimeUnit.SECONDS), "kill -" + name + " " + pid + " did not exit within 10 s");
    assertEquals(0, kill.exitValue(), "exit code of kill -" + name + " " + pid);
  }

  private static int unusedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
