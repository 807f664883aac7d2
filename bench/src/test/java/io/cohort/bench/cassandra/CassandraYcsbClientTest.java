package io.cohort.bench.cassandra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.cql.Row;
import io.cohort.persistence.CassandraLauncher;
import io.cohort.persistence.CassandraNode;
import io.cohort.persistence.EmbeddedCassandra;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.Vector;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import site.ycsb.ByteIterator;
import site.ycsb.DBException;
import site.ycsb.Status;
import site.ycsb.StringByteIterator;

/**
 * Runs the Cassandra binding against one real Cassandra node, started once for the class with the persistence
 * module's launcher. The ports differ from the defaults 9042 and 19142 and from the other modules' test nodes.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CassandraYcsbClientTest {

  private static final String TABLE = "usertable";
  private static final int CQL_PORT = 19442;
  private static final int STORAGE_PORT = 19443;
  private static final Path NODE_DIR = Path.of("target", "cassandra-ycsb-test");

  private static EmbeddedCassandra cassandra;

  private final List<CassandraYcsbClient> clients = new ArrayList<>();

  @BeforeAll
  static void startCassandra() throws IOException {
    deleteRecursively(NODE_DIR);
    cassandra = CassandraLauncher.start(new CassandraNode(NODE_DIR, "127.0.0.1", CQL_PORT, STORAGE_PORT,
        List.of("127.0.0.1"), "512M", Duration.ofSeconds(240), List.of()));
  }

  @AfterAll
  static void stopCassandra() {
    if (cassandra != null) {
      cassandra.stop();
    }
  }

  @AfterEach
  void cleanUpClients() {
    for (CassandraYcsbClient client : clients) {
      client.cleanup();
    }
  }

  @Test
  void insertThenReadAllFields() throws Exception {
    CassandraYcsbClient client = newClient(properties());

    assertEquals(Status.OK, client.insert(TABLE, "all-fields", values("field0", "a", "field1", "b")));

    Map<String, ByteIterator> read = new HashMap<>();
    assertEquals(Status.OK, client.read(TABLE, "all-fields", null, read));
    assertEquals(Map.of("field0", "a", "field1", "b"), StringByteIterator.getStringMap(read));
  }

  @Test
  void readReturnsRequestedFieldsOnly() throws Exception {
    CassandraYcsbClient client = newClient(properties());
    client.insert(TABLE, "subset", values("field0", "a", "field1", "b", "field2", "c"));

    Map<String, ByteIterator> read = new HashMap<>();
    assertEquals(Status.OK, client.read(TABLE, "subset", Set.of("field0", "field2", "absent"), read));
    assertEquals(Map.of("field0", "a", "field2", "c"), StringByteIterator.getStringMap(read));
  }

  @Test
  void insertReplacesRecord() throws Exception {
    CassandraYcsbClient client = newClient(properties());
    client.insert(TABLE, "replaced", values("field0", "a", "field1", "b"));

    assertEquals(Status.OK, client.insert(TABLE, "replaced", values("field2", "c")));

    assertEquals(Map.of("field2", "c"), readAll(client, "replaced"));
  }

  @Test
  void updateMergesFields() throws Exception {
    CassandraYcsbClient client = newClient(properties());
    client.insert(TABLE, "merged", values("field0", "a", "field1", "b"));

    assertEquals(Status.OK, client.update(TABLE, "merged", values("field1", "B", "field2", "c")));

    assertEquals(Map.of("field0", "a", "field1", "B", "field2", "c"), readAll(client, "merged"));
  }

  @Test
  void updateOfAbsentKeyCreatesRecord() throws Exception {
    CassandraYcsbClient client = newClient(properties());

    assertEquals(Status.OK, client.update(TABLE, "created-by-update", values("field0", "a")));

    assertEquals(Map.of("field0", "a"), readAll(client, "created-by-update"));
  }

  @Test
  void deleteRemovesRecord() throws Exception {
    CassandraYcsbClient client = newClient(properties());
    client.insert(TABLE, "deleted", values("field0", "a"));

    assertEquals(Status.OK, client.delete(TABLE, "deleted"));

    assertEquals(Status.NOT_FOUND, client.read(TABLE, "deleted", null, new HashMap<>()));
  }

  @Test
  void readOfAbsentKeyIsNotFound() throws Exception {
    CassandraYcsbClient client = newClient(properties());
    Map<String, ByteIterator> read = new HashMap<>();

    assertEquals(Status.NOT_FOUND, client.read(TABLE, "never-written", null, read));
    assertTrue(read.isEmpty());
  }

  @Test
  void scanIsNotImplemented() throws Exception {
    CassandraYcsbClient client = newClient(properties());

    assertEquals(Status.NOT_IMPLEMENTED, client.scan(TABLE, "a", 10, null, new Vector<>()));
  }

  @Test
  void initCreatesKeyspaceWithReplicationFactor() throws Exception {
    Properties properties = properties();
    properties.setProperty("cassandra.keyspace", "ycsb_rf2");
    properties.setProperty("cassandra.replication-factor", "2");
    CassandraYcsbClient client = newClient(properties);

    Row keyspace = client.sharedSession().session().execute(
        "SELECT replication FROM system_schema.keyspaces WHERE keyspace_name = 'ycsb_rf2'").one();
    assertNotNull(keyspace);
    Map<String, String> replication = keyspace.getMap(0, String.class, String.class);
    assertEquals("org.apache.cassandra.locator.NetworkTopologyStrategy", replication.get("class"));
    assertEquals("2", replication.get("datacenter1"));
    Row table = client.sharedSession().session().execute(
        "SELECT table_name FROM system_schema.tables WHERE keyspace_name = 'ycsb_rf2' AND table_name = 'usertable'")
        .one();
    assertNotNull(table);
  }

  @Test
  void tooFewReplicasIsServiceUnavailable() throws Exception {
    Properties properties = properties();
    properties.setProperty("cassandra.keyspace", "ycsb_rf3");
    properties.setProperty("cassandra.replication-factor", "3");
    ByteArrayOutputStream errors = new ByteArrayOutputStream();
    PrintStream originalErr = System.err;
    Status insert;
    Status read;
    System.setErr(new PrintStream(errors, true, StandardCharsets.UTF_8));
    try {
      CassandraYcsbClient client = newClient(properties);

      // QUORUM of 3 replicas needs 2, but the cluster has one node.
      insert = client.insert(TABLE, "rf3", values("field0", "a"));
      read = client.read(TABLE, "rf3", null, new HashMap<>());
      client.cleanup();
    } finally {
      System.setErr(originalErr);
    }
    String output = errors.toString(StandardCharsets.UTF_8);
    assertEquals(Status.SERVICE_UNAVAILABLE, insert, output);
    assertEquals(Status.SERVICE_UNAVAILABLE, read, output);
    assertTrue(output.contains("insert of key 'rf3' failed"), output);
    assertTrue(output.contains("read of key 'rf3' failed"), output);
    assertTrue(output.contains("Not enough replicas available for query at consistency QUORUM"), output);
    assertTrue(output.contains("errors in total: 2"), output);
  }

  @Test
  void consistencyOneNeedsOneReplica() throws Exception {
    Properties properties = properties();
    properties.setProperty("cassandra.keyspace", "ycsb_rf3");
    properties.setProperty("cassandra.replication-factor", "3");
    properties.setProperty("cassandra.write-consistency", "ONE");
    properties.setProperty("cassandra.read-consistency", "one");
    CassandraYcsbClient client = newClient(properties);

    assertEquals(Status.OK, client.insert(TABLE, "rf3-one", values("field0", "a")));
    assertEquals(Map.of("field0", "a"), readAll(client, "rf3-one"));
  }

  /** Each consistency level that the binding accepts and one node with replication factor 1 can satisfy. */
  @ParameterizedTest
  @CsvSource({
      "cassandra.write-consistency, ANY",
      "cassandra.write-consistency, ALL",
      "cassandra.write-consistency, LOCAL_ONE",
      "cassandra.write-consistency, LOCAL_QUORUM",
      "cassandra.write-consistency, EACH_QUORUM",
      "cassandra.read-consistency, ALL",
      "cassandra.read-consistency, LOCAL_ONE",
      "cassandra.read-consistency, LOCAL_QUORUM",
      "cassandra.read-consistency, EACH_QUORUM",
      "cassandra.read-consistency, SERIAL",
      "cassandra.read-consistency, LOCAL_SERIAL",
  })
  void acceptedLevelWorks(String property, String level) throws Exception {
    Properties properties = properties();
    properties.setProperty(property, level);
    CassandraYcsbClient client = newClient(properties);
    String key = "level-" + level;

    assertEquals(Status.OK, client.insert(TABLE, key, values("field0", level)));
    assertEquals(Map.of("field0", level), readAll(client, key));
  }

  @ParameterizedTest
  @CsvSource({
      "cassandra.contact-point, 127.0.0.1, expected host:port",
      "cassandra.contact-point, 127.0.0.1:0, expected host:port",
      "cassandra.contact-point, :9042, expected host:port",
      "cassandra.local-datacenter, ' ', is empty",
      "cassandra.keyspace, 1ycsb, expected a letter followed by",
      "cassandra.keyspace, ycsb-test, expected a letter followed by",
      "cassandra.replication-factor, 0, expected an integer from 1",
      "cassandra.replication-factor, three, expected an integer from 1",
      "cassandra.write-consistency, SERIAL, expected one of [ANY, ONE, TWO, THREE, QUORUM, ALL, LOCAL_ONE",
      "cassandra.write-consistency, STRONG, expected one of",
      "cassandra.read-consistency, ANY, expected one of [ONE, TWO, THREE, QUORUM, ALL, LOCAL_ONE",
      "cassandra.timeout.ms, 0, expected an integer from 1",
  })
  void invalidPropertyIsRejected(String property, String value, String expected) {
    Properties properties = properties();
    properties.setProperty(property, value);
    CassandraYcsbClient client = new CassandraYcsbClient();
    client.setProperties(properties);

    DBException error = assertThrows(DBException.class, client::init);

    assertTrue(error.getMessage().contains(property), error.getMessage());
    assertTrue(error.getMessage().contains(expected), error.getMessage());
    assertNull(client.sharedSession());
  }

  @Test
  void wrongDatacenterIsRejected() {
    Properties properties = properties();
    properties.setProperty("cassandra.local-datacenter", "dc-absent");
    CassandraYcsbClient client = new CassandraYcsbClient();
    client.setProperties(properties);

    DBException error = assertThrows(DBException.class, client::init);

    assertTrue(error.getMessage().contains("cassandra.local-datacenter"), error.getMessage());
  }

  @Test
  void unreachableContactPointIsRejected() throws IOException {
    Properties properties = properties();
    properties.setProperty("cassandra.contact-point", "127.0.0.1:" + unusedPort());
    CassandraYcsbClient client = new CassandraYcsbClient();
    client.setProperties(properties);

    DBException error = assertThrows(DBException.class, client::init);

    assertTrue(error.getMessage().contains("failed to connect"), error.getMessage());
    assertTrue(error.getMessage().contains("cassandra.contact-point"), error.getMessage());
  }

  @Test
  void instancesShareOneSession() throws Exception {
    CassandraYcsbClient first = newClient(properties());
    CassandraYcsbClient second = newClient(properties());
    SharedSession shared = first.sharedSession();
    assertSame(shared, second.sharedSession());

    assertEquals(Status.OK, first.insert(TABLE, "shared", values("field0", "a")));
    first.cleanup();

    assertFalse(shared.isClosed());
    assertEquals(Map.of("field0", "a"), readAll(second, "shared"));
    second.cleanup();
    assertTrue(shared.isClosed());
  }

  @Test
  void otherSettingsWhileSessionOpenAreRejected() throws Exception {
    newClient(properties());
    Properties other = properties();
    other.setProperty("cassandra.read-consistency", "ONE");
    CassandraYcsbClient client = new CassandraYcsbClient();
    client.setProperties(other);

    DBException error = assertThrows(DBException.class, client::init);

    assertTrue(error.getMessage().contains("must use the same settings"), error.getMessage());
    assertTrue(error.getMessage().contains("cassandra.read-consistency=ONE"), error.getMessage());
  }

  @Test
  void operationBeforeInitIsError() {
    CassandraYcsbClient client = new CassandraYcsbClient();

    assertEquals(Status.ERROR, client.insert(TABLE, "uninitialized", values("field0", "a")));
    assertEquals(Status.ERROR, client.read(TABLE, "uninitialized", null, new HashMap<>()));
  }

  @Test
  void pausedNodeTimesOut() throws Exception {
    Properties properties = properties();
    properties.setProperty("cassandra.timeout.ms", "500");
    CassandraYcsbClient client = newClient(properties);
    assertEquals(Status.OK, client.insert(TABLE, "paused", values("field0", "a")));

    Status status;
    signal("STOP", cassandra.pid());
    try {
      status = client.read(TABLE, "paused", null, new HashMap<>());
    } finally {
      signal("CONT", cassandra.pid());
    }

    assertEquals(Status.SERVICE_UNAVAILABLE, status);
  }

  private CassandraYcsbClient newClient(Properties properties) throws DBException {
    CassandraYcsbClient client = new CassandraYcsbClient();
    client.setProperties(properties);
    client.init();
    clients.add(client);
    return client;
  }

  private static Properties properties() {
    Properties properties = new Properties();
    properties.setProperty("cassandra.contact-point", "127.0.0.1:" + CQL_PORT);
    return properties;
  }

  private static Map<String, ByteIterator> values(String... fieldsAndValues) {
    Map<String, String> strings = new HashMap<>();
    for (int i = 0; i < fieldsAndValues.length; i += 2) {
      strings.put(fieldsAndValues[i], fieldsAndValues[i + 1]);
    }
    return StringByteIterator.getByteIteratorMap(strings);
  }

  private static Map<String, String> readAll(CassandraYcsbClient client, String key) {
    Map<String, ByteIterator> read = new HashMap<>();
    assertEquals(Status.OK, client.read(TABLE, key, null, read));
    return StringByteIterator.getStringMap(read);
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

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
