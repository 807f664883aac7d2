package io.cohort.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cohort.client.ClientStats;
import io.cohort.client.CohortException;
import io.cohort.client.CohortTimeoutException;
import io.cohort.client.InvalidRequestException;
import io.cohort.client.NoNodeReachableException;
import io.cohort.client.Problem;
import io.cohort.client.UnavailableException;
import io.cohort.client.VersionConflictException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.Vector;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import site.ycsb.ByteIterator;
import site.ycsb.DBException;
import site.ycsb.Status;
import site.ycsb.StringByteIterator;

class CohortYcsbClientTest {

  private static final String TABLE = "usertable";
  private static final ObjectMapper JSON = new ObjectMapper();
  /** A path segment that contains only unreserved characters and %XX escapes. */
  private static final Pattern FULLY_ENCODED_SEGMENT = Pattern.compile("([A-Za-z0-9._~-]|%[0-9A-F]{2})+");

  private StubKvServer stub;
  private CohortYcsbClient client;

  /** Test code that may throw, run while standard error is captured. */
  @FunctionalInterface
  private interface CheckedRunnable {
    void run() throws Exception;
  }

  @BeforeEach
  void startStub() throws Exception {
    stub = StubKvServer.start();
    client = newClient(stub.baseUrl(), new Properties());
  }

  @AfterEach
  void stopStub() throws Exception {
    try {
      client.cleanup();
    } finally {
      stub.close();
    }
  }

  @Test
  void insertReadUpdateDeleteRoundTrip() throws Exception {
    assertEquals(Status.OK, client.insert(TABLE, "user1", values("field0", "a", "field1", "b", "field2", "c")));

    Map<String, ByteIterator> read = new HashMap<>();
    assertEquals(Status.OK, client.read(TABLE, "user1", null, read));
    assertEquals(Map.of("field0", "a", "field1", "b", "field2", "c"), StringByteIterator.getStringMap(read));

    assertEquals(Status.OK, client.update(TABLE, "user1", values("field1", "B", "field3", "d")));
    Map<String, ByteIterator> updated = new HashMap<>();
    assertEquals(Status.OK, client.read(TABLE, "user1", null, updated));
    assertEquals(Map.of("field0", "a", "field1", "B", "field2", "c", "field3", "d"),
        StringByteIterator.getStringMap(updated));

    assertEquals(Status.OK, client.delete(TABLE, "user1"));
    assertNull(stub.get("user1"));
    assertEquals(Status.NOT_FOUND, client.read(TABLE, "user1", null, new HashMap<>()));
  }

  @Test
  void insertReplacesExistingRecord() throws Exception {
    assertEquals(Status.OK, client.insert(TABLE, "user1", values("field0", "old", "field1", "old")));
    assertEquals(Status.OK, client.insert(TABLE, "user1", values("field0", "new")));

    JsonNode stored = JSON.readTree(stub.get("user1").json());
    assertEquals("new", stored.path("field0").asText());
    assertTrue(stored.path("field1").isMissingNode(), "insert must replace the record, not merge: " + stored);
  }

  @Test
  void readReturnsOnlyRequestedFields() {
    stub.put("user1", "{\"field0\":\"a\",\"field1\":\"b\",\"field2\":\"c\"}");

    Map<String, ByteIterator> read = new HashMap<>();
    assertEquals(Status.OK, client.read(TABLE, "user1", Set.of("field1", "missing"), read));
    assertEquals(Map.of("field1", "b"), StringByteIterator.getStringMap(read));
  }

  @Test
  void readMissingKeyIsNotFound() {
    Map<String, ByteIterator> read = new HashMap<>();
    assertEquals(Status.NOT_FOUND, client.read(TABLE, "absent", null, read));
    assertTrue(read.isEmpty());
  }

  @Test
  void readOfNonObjectIsError() {
    stub.put("user1", "[1,2,3]");
    assertEquals(Status.ERROR, client.read(TABLE, "user1", null, new HashMap<>()));
  }

  @Test
  void updateMissingKeyIsNotFound() {
    assertEquals(Status.NOT_FOUND, client.update(TABLE, "absent", values("field0", "x")));
    assertNull(stub.get("absent"));
  }

  @Test
  void deleteMissingKeyIsNotFound() {
    assertEquals(Status.NOT_FOUND, client.delete(TABLE, "absent"));
  }

  @Test
  void updateRetriesAfterConcurrentWrite() throws Exception {
    stub.put("user1", "{\"field0\":\"a\",\"field1\":\"b\"}");
    stub.interleaveConcurrentWrites(1, "field2", "written by another client");

    assertEquals(Status.OK, client.update(TABLE, "user1", values("field1", "B")));

    assertEquals(1, stub.preconditionFailures());
    JsonNode stored = JSON.readTree(stub.get("user1").json());
    assertEquals("a", stored.path("field0").asText());
    assertEquals("B", stored.path("field1").asText());
    assertEquals("written by another client", stored.path("field2").asText());
  }

  @Test
  void updateFailsWhenRetriesRunOut() throws Exception {
    Properties properties = new Properties();
    properties.setProperty(CohortYcsbClient.UPDATE_RETRIES_PROPERTY, "2");
    replaceClient(stub.baseUrl(), properties);
    stub.put("user1", "{\"field0\":\"a\"}");
    stub.interleaveConcurrentWrites(10, "field0", "concurrent");

    assertEquals(Status.ERROR, client.update(TABLE, "user1", values("field0", "mine")));

    assertEquals(3, stub.preconditionFailures(), "one attempt plus two retries");
    assertEquals("concurrent", JSON.readTree(stub.get("user1").json()).path("field0").asText());
  }

  @Test
  void serviceUnavailableMapsToStatus() {
    stub.put("user1", "{\"field0\":\"a\"}");
    stub.failKeyRequests(503);

    assertEquals(Status.SERVICE_UNAVAILABLE, client.read(TABLE, "user1", null, new HashMap<>()));
    assertEquals(Status.SERVICE_UNAVAILABLE, client.insert(TABLE, "user2", values("field0", "x")));
    assertEquals(Status.SERVICE_UNAVAILABLE, client.update(TABLE, "user1", values("field0", "x")));
    assertEquals(Status.SERVICE_UNAVAILABLE, client.delete(TABLE, "user1"));

    stub.failKeyRequests(0);
    assertEquals(Status.OK, client.read(TABLE, "user1", null, new HashMap<>()), "the stub no longer fails");
  }

  @Test
  void updateUnavailableOnWriteMapsToStatus() throws Exception {
    stub.put("user1", "{\"field0\":\"a\"}");
    stub.queueError("PUT", 503);

    assertEquals(Status.SERVICE_UNAVAILABLE, client.update(TABLE, "user1", values("field0", "x")));
    assertEquals("a", JSON.readTree(stub.get("user1").json()).path("field0").asText());
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 404, 409, 413, 415, 500})
  void otherHttpErrorsMapToError(int httpStatus) {
    stub.put("user1", "{\"field0\":\"a\"}");

    stub.queueError(httpStatus);
    assertEquals(Status.ERROR, client.insert(TABLE, "user1", values("field0", "x")), "insert");
    stub.queueError(httpStatus);
    assertEquals(Status.ERROR, client.read(TABLE, "user1", null, new HashMap<>()), "read");
    stub.queueError(httpStatus);
    assertEquals(Status.ERROR, client.delete(TABLE, "user1"), "delete");
  }

  @Test
  void timeoutMapsToServiceUnavailable() throws Exception {
    Properties properties = new Properties();
    properties.setProperty(CohortYcsbClient.TIMEOUT_MS_PROPERTY, "100");
    replaceClient(stub.baseUrl(), properties);
    stub.delayResponses(2_000);

    long start = System.nanoTime();
    assertEquals(Status.SERVICE_UNAVAILABLE, client.read(TABLE, "user1", null, new HashMap<>()));
    long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
    // The client retries a read that timed out, so allow several 100 ms attempts, but not the 2 s delay.
    assertTrue(elapsedMillis < 1_500, "each attempt should time out after about 100 ms, took " + elapsedMillis);
  }

  @Test
  void unreachableEndpointIsError() throws Exception {
    String closedUrl;
    try (StubKvServer closed = StubKvServer.start()) {
      closedUrl = closed.baseUrl();
    }

    String errors = captureStandardError(() -> {
      replaceClient(closedUrl, new Properties());
      assertEquals(Status.ERROR, client.read(TABLE, "user1", null, new HashMap<>()));
    });

    assertTrue(errors.contains("read of key 'user1' failed: NoNodeReachableException"), errors);
    assertTrue(errors.contains(CohortYcsbClient.ENDPOINTS_PROPERTY), errors);
  }

  @Test
  void errorLogNamesOperationKeyAndDetail() throws Exception {
    String errors = captureStandardError(() -> {
      replaceClient(stub.baseUrl(), new Properties());
      stub.queueError(500);
      assertEquals(Status.ERROR, client.insert(TABLE, "user1", values("field0", "x")));
      client.cleanup();
    });

    assertTrue(errors.contains("cohort-ycsb: error: insert of key 'user1' failed"), errors);
    assertTrue(errors.contains("The test queued this error response."), errors);
    assertTrue(errors.contains("cohort-ycsb: errors in total: 1"), errors);
  }

  @Test
  void keysReachServerUnchanged() {
    List<String> keys = List.of(
        "a/b", "/leading", "a+b", "100%", "%2F", "with space", " ", "ключ", "日本語", "emoji 😀",
        "query?x=1#frag", "semi;colon=equals&amp", "tilde~dot.dash-under_", "...");
    for (String key : keys) {
      assertEquals(Status.OK, client.insert(TABLE, key, values("field0", key)), "insert of " + key);
      String rawKey = stub.rawKeys().get(stub.rawKeys().size() - 1);
      assertEquals(key, stub.decodedKeys().get(stub.decodedKeys().size() - 1), "decoded key for " + key);
      assertTrue(FULLY_ENCODED_SEGMENT.matcher(rawKey).matches(), "raw segment " + rawKey + " for " + key);

      Map<String, ByteIterator> read = new HashMap<>();
      assertEquals(Status.OK, client.read(TABLE, key, null, read), "read of " + key);
      assertEquals(key, read.get("field0").toString());
    }
    assertEquals(keys.size(), keys.stream().filter(key -> stub.get(key) != null).count());
  }

  @Test
  void emptyKeyIsBadRequest() {
    for (String key : new String[] {"", null}) {
      assertEquals(Status.BAD_REQUEST, client.insert(TABLE, key, values("field0", "x")), "insert");
      assertEquals(Status.BAD_REQUEST, client.read(TABLE, key, null, new HashMap<>()), "read");
      assertEquals(Status.BAD_REQUEST, client.update(TABLE, key, values("field0", "x")), "update");
      assertEquals(Status.BAD_REQUEST, client.delete(TABLE, key), "delete");
    }
    assertEquals(0, stub.keyRequestCount());
    assertEquals(0, stub.routingRequestCount());
  }

  @Test
  void scanIsNotImplemented() {
    Vector<HashMap<String, ByteIterator>> result = new Vector<>();
    assertEquals(Status.NOT_IMPLEMENTED, client.scan(TABLE, "user1", 10, null, result));
    assertTrue(result.isEmpty());
  }

  @Test
  void routingSendsRequestsToOwner() throws Exception {
    try (StubKvServer owner = StubKvServer.start()) {
      String table = StubKvServer.routingTableOwnedBy(owner.baseUrl());
      stub.setRoutingTable(table);
      owner.setRoutingTable(table);
      replaceClient(stub.baseUrl() + "," + owner.baseUrl(), new Properties());

      for (int i = 0; i < 6; i++) {
        assertEquals(Status.OK, client.insert(TABLE, "user" + i, values("field0", "x")));
      }

      assertEquals(0, stub.keyRequestCount(), "the owner of every partition is the second node");
      assertEquals(6, owner.keyRequestCount());
    }
  }

  @Test
  void routingDisabledSpreadsRequests() throws Exception {
    try (StubKvServer owner = StubKvServer.start()) {
      String table = StubKvServer.routingTableOwnedBy(owner.baseUrl());
      stub.setRoutingTable(table);
      owner.setRoutingTable(table);
      Properties properties = new Properties();
      properties.setProperty(CohortYcsbClient.ROUTING_PROPERTY, " FALSE ");
      replaceClient(stub.baseUrl() + "/ , " + owner.baseUrl(), properties);

      for (int i = 0; i < 6; i++) {
        assertEquals(Status.OK, client.insert(TABLE, "user" + i, values("field0", "x")));
      }

      assertEquals(3, stub.keyRequestCount());
      assertEquals(3, owner.keyRequestCount());
    }
  }

  @Test
  void redirectsPropertyAsksForRedirects() throws Exception {
    assertEquals(Status.NOT_FOUND, client.read(TABLE, "user1", null, new HashMap<>()));
    assertEquals(List.of(""), stub.redirectHeaders(), "redirect mode is off by default");

    Properties properties = new Properties();
    properties.setProperty(CohortYcsbClient.REDIRECTS_PROPERTY, "true");
    replaceClient(stub.baseUrl(), properties);
    assertEquals(Status.NOT_FOUND, client.read(TABLE, "user1", null, new HashMap<>()));
    assertEquals(List.of("", "true"), stub.redirectHeaders());
  }

  @Test
  void instancesShareOneClient() throws Exception {
    Properties otherRetries = new Properties();
    otherRetries.setProperty(CohortYcsbClient.UPDATE_RETRIES_PROPERTY, "1");
    CohortYcsbClient second = newClient(stub.baseUrl(), otherRetries);

    assertEquals(Status.OK, client.insert(TABLE, "user1", values("field0", "a")));
    assertEquals(Status.OK, second.insert(TABLE, "user2", values("field0", "b")));
    second.cleanup();
    assertEquals(Status.ERROR, second.read(TABLE, "user1", null, new HashMap<>()), "second is cleaned up");
    assertEquals(Status.OK, client.read(TABLE, "user2", null, new HashMap<>()), "client is still open");

    assertEquals(1, stub.routingRequestCount(), "one client loads the routing table once");
  }

  @Test
  void instanceWithOtherSettingsIsRejected() {
    Properties properties = new Properties();
    properties.setProperty(CohortYcsbClient.ROUTING_PROPERTY, "false");

    DBException error = assertThrows(DBException.class, () -> newClient(stub.baseUrl(), properties));

    assertTrue(error.getMessage().contains("cohort.routing=false"), error.getMessage());
    assertTrue(error.getMessage().contains("cohort.routing=true"), error.getMessage());
    assertEquals(Status.NOT_FOUND, client.read(TABLE, "user1", null, new HashMap<>()), "the open client works");
  }

  @Test
  void lastCleanupPrintsSummary() throws Exception {
    try (StubKvServer owner = StubKvServer.start()) {
      stub.reportOwner(owner.baseUrl());
      owner.reportOwner(owner.baseUrl());
      ByteArrayOutputStream captured = new ByteArrayOutputStream();
      PrintStream original = System.err;
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      try {
        replaceClient(stub.baseUrl(), new Properties());
        CohortYcsbClient second = newClient(stub.baseUrl(), new Properties());
        // The seed forwards the first insert and names the owner in a header, so the second goes to the owner.
        assertEquals(Status.OK, client.insert(TABLE, "user1", values("field0", "a")));
        assertEquals(Status.OK, second.insert(TABLE, "user1", values("field0", "b")));
        assertEquals(Status.NOT_IMPLEMENTED, second.scan(TABLE, "user1", 1, null, new Vector<>()));
        second.cleanup();
        assertFalse(captured.toString(StandardCharsets.UTF_8).contains("cohort: "), "one instance is still open");
        client.cleanup();
      } finally {
        System.setErr(original);
      }

      assertEquals(List.of("cohort: 2 operations, 2 requests, 1 hops between nodes (50.0%), 1 routing fetches,"
          + " 0 redirects, 0 retries"), captured.toString(StandardCharsets.UTF_8).lines().toList());
      assertEquals(1, stub.keyRequestCount());
      assertEquals(1, owner.keyRequestCount());
    }
  }

  @Test
  void summaryLineFormatsStats() {
    assertEquals("cohort: 100000 operations, 150012 requests, 312 hops between nodes (0.2%), 3 routing fetches,"
            + " 4 redirects, 5 retries",
        SharedClient.summaryLine(100_000, new ClientStats(150_012, 312, 4, 5, 3, 7)));
    assertEquals("cohort: 0 operations, 0 requests, 0 hops between nodes (0.0%), 0 routing fetches,"
            + " 0 redirects, 0 retries",
        SharedClient.summaryLine(0, new ClientStats(0, 0, 0, 0, 0, 0)));
  }

  @Test
  void initRejectsInvalidProperties() {
    Map<String, List<String>> invalidValues = Map.of(
        CohortYcsbClient.ENDPOINTS_PROPERTY,
        List.of("", " , ", "127.0.0.1:8081", "ftp://127.0.0.1:8081", "http://127.0.0.1:8081?x=1",
            "http://127.0.0.1:8081/prefix"),
        CohortYcsbClient.TIMEOUT_MS_PROPERTY, List.of("0", "-1", "5s", "9223372036855"),
        CohortYcsbClient.UPDATE_RETRIES_PROPERTY, List.of("-1", "x", "2147483647"),
        CohortYcsbClient.ROUTING_PROPERTY, List.of("yes", "", "1"),
        CohortYcsbClient.REDIRECTS_PROPERTY, List.of("no", "0"));
    client.cleanup();

    invalidValues.forEach((property, values) -> {
      for (String value : values) {
        Properties properties = new Properties();
        properties.setProperty(CohortYcsbClient.ENDPOINTS_PROPERTY, stub.baseUrl());
        properties.setProperty(property, value);
        String description = property + "=" + value;

        DBException error = assertThrows(DBException.class, () -> newClient(properties), description);

        assertTrue(error.getMessage().contains(property), description + ": " + error.getMessage());
      }
    });
  }

  @Test
  void initNamesAllowedValues() {
    client.cleanup();
    Properties routing = new Properties();
    routing.setProperty(CohortYcsbClient.ROUTING_PROPERTY, "yes");
    Properties timeout = new Properties();
    timeout.setProperty(CohortYcsbClient.TIMEOUT_MS_PROPERTY, "0");

    assertEquals("invalid cohort.routing 'yes': expected true or false",
        assertThrows(DBException.class, () -> newClient(stub.baseUrl(), routing)).getMessage());
    assertEquals("invalid cohort.timeout.ms '0': expected an integer from 1 to 9223372036854",
        assertThrows(DBException.class, () -> newClient(stub.baseUrl(), timeout)).getMessage());
  }

  @Test
  void settingsDeriveClientConfig() throws Exception {
    Properties properties = new Properties();
    properties.setProperty(CohortYcsbClient.ENDPOINTS_PROPERTY, "http://127.0.0.1:8081/, HTTP://LOCALHOST:8082");
    properties.setProperty(CohortYcsbClient.TIMEOUT_MS_PROPERTY, "7000");
    properties.setProperty(CohortYcsbClient.REDIRECTS_PROPERTY, "true");

    BindingSettings settings = BindingSettings.parse(properties);

    assertEquals(List.of(URI.create("http://127.0.0.1:8081"), URI.create("http://localhost:8082")),
        settings.clientConfig().seeds());
    assertEquals(Duration.ofSeconds(7), settings.clientConfig().requestTimeout());
    assertEquals(Duration.ofSeconds(2), settings.clientConfig().connectTimeout(), "at most 2 s");
    assertTrue(settings.clientConfig().routingEnabled(), "routing is on by default");
    assertTrue(settings.clientConfig().redirectMode());
    assertEquals(5, settings.updateRetries());

    properties.setProperty(CohortYcsbClient.TIMEOUT_MS_PROPERTY, "300");
    assertEquals(Duration.ofMillis(300), BindingSettings.parse(properties).clientConfig().connectTimeout());
  }

  @Test
  void statusForMapsClientErrors() {
    Map<CohortException, Status> cases = Map.of(
        new UnavailableException("unavailable", null, Duration.ofSeconds(1)), Status.SERVICE_UNAVAILABLE,
        new CohortTimeoutException("timed out", null), Status.SERVICE_UNAVAILABLE,
        new VersionConflictException("conflict", 412, null, 3), Status.ERROR,
        new InvalidRequestException("too large", 413, null), Status.ERROR,
        new NoNodeReachableException("refused", List.of(), null), Status.ERROR,
        new CohortException("status 500", 500, null, null), Status.ERROR);

    cases.forEach((error, status) ->
        assertEquals(status, CohortYcsbClient.statusFor(error), error.getClass().getSimpleName()));
  }

  @Test
  void describeAddsMissingProblemDetail() {
    Problem problem = new Problem("urn:cohort:problem:internal", "Internal Server Error", 500, "disk full", null);
    String withoutDetail = CohortYcsbClient.describe(new CohortException("PUT failed with 500", 500, problem, null));
    String withDetail = CohortYcsbClient.describe(
        new CohortException("PUT failed with 500: disk full", 500, problem, null));
    String unavailable = CohortYcsbClient.describe(
        new UnavailableException("GET failed with 503", null, Duration.ofSeconds(2)));

    assertEquals("CohortException: PUT failed with 500 (problem detail: disk full)", withoutDetail);
    assertEquals("CohortException: PUT failed with 500: disk full", withDetail);
    assertEquals("UnavailableException: GET failed with 503 (Retry-After: 2 s)", unavailable);
  }

  /** Replaces the test's client, so that the shared client is created again with other settings. */
  private void replaceClient(String endpoints, Properties extra) throws DBException {
    client.cleanup();
    client = newClient(endpoints, extra);
  }

  private static String captureStandardError(CheckedRunnable action) throws Exception {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.err;
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      action.run();
    } finally {
      System.setErr(original);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }

  private static CohortYcsbClient newClient(String endpoints, Properties extra) throws DBException {
    Properties properties = new Properties();
    properties.putAll(extra);
    properties.setProperty(CohortYcsbClient.ENDPOINTS_PROPERTY, endpoints);
    return newClient(properties);
  }

  private static CohortYcsbClient newClient(Properties properties) throws DBException {
    CohortYcsbClient client = new CohortYcsbClient();
    client.setProperties(properties);
    client.init();
    return client;
  }

  private static Map<String, ByteIterator> values(String... fieldsAndValues) {
    Map<String, ByteIterator> values = new HashMap<>();
    for (int i = 0; i < fieldsAndValues.length; i += 2) {
      values.put(fieldsAndValues[i], new StringByteIterator(fieldsAndValues[i + 1]));
    }
    return values;
  }
}
