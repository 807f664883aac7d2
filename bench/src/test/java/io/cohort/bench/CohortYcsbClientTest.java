package io.cohort.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
    client.cleanup();
    Properties properties = new Properties();
    properties.setProperty(CohortYcsbClient.UPDATE_RETRIES_PROPERTY, "2");
    client = newClient(stub.baseUrl(), properties);
    stub.put("user1", "{\"field0\":\"a\"}");
    stub.interleaveConcurrentWrites(10, "field0", "concurrent");

    assertEquals(Status.ERROR, client.update(TABLE, "user1", values("field0", "mine")));

    assertEquals(3, stub.preconditionFailures(), "one attempt plus two retries");
    assertEquals("concurrent", JSON.readTree(stub.get("user1").json()).path("field0").asText());
  }

  @Test
  void serviceUnavailableMapsToStatus() {
    stub.put("user1", "{\"field0\":\"a\"}");

    stub.queueError(503);
    assertEquals(Status.SERVICE_UNAVAILABLE, client.read(TABLE, "user1", null, new HashMap<>()));
    stub.queueError(503);
    assertEquals(Status.SERVICE_UNAVAILABLE, client.insert(TABLE, "user2", values("field0", "x")));
    stub.queueError(503);
    assertEquals(Status.SERVICE_UNAVAILABLE, client.update(TABLE, "user1", values("field0", "x")));
    stub.queueError(503);
    assertEquals(Status.SERVICE_UNAVAILABLE, client.delete(TABLE, "user1"));

    assertEquals(Status.OK, client.read(TABLE, "user1", null, new HashMap<>()), "only queued requests fail");
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 409, 413, 415, 500})
  void otherHttpErrorsMapToError(int httpStatus) {
    stub.queueError(httpStatus);
    assertEquals(Status.ERROR, client.insert(TABLE, "user1", values("field0", "x")));
  }

  @Test
  void timeoutMapsToServiceUnavailable() throws Exception {
    client.cleanup();
    Properties properties = new Properties();
    properties.setProperty(CohortYcsbClient.TIMEOUT_MS_PROPERTY, "100");
    client = newClient(stub.baseUrl(), properties);
    stub.delayResponses(2_000);

    long start = System.nanoTime();
    assertEquals(Status.SERVICE_UNAVAILABLE, client.read(TABLE, "user1", null, new HashMap<>()));
    long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
    assertTrue(elapsedMillis < 1_500, "the request should time out after about 100 ms, took " + elapsedMillis);
  }

  @Test
  void unreachableEndpointIsError() throws Exception {
    String closedUrl;
    try (StubKvServer closed = StubKvServer.start()) {
      closedUrl = closed.baseUrl();
    }
    CohortYcsbClient unreachable = newClient(closedUrl, new Properties());
    try {
      assertEquals(Status.ERROR, unreachable.read(TABLE, "user1", null, new HashMap<>()));
    } finally {
      unreachable.cleanup();
    }
  }

  @Test
  void keysReachServerUnchanged() {
    List<String> keys = List.of(
        "a/b", "/leading", "a+b", "100%", "%2F", "with space", " ", "ключ", "日本語", "emoji 😀",
        "query?x=1#frag", "semi;colon=equals&amp", "tilde~dot.dash-under_", ".", "..", "...");
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
    assertEquals(Status.BAD_REQUEST, client.insert(TABLE, "", values("field0", "x")));
    assertEquals(0, stub.requestCount());
  }

  @Test
  void scanIsNotImplemented() {
    Vector<HashMap<String, ByteIterator>> result = new Vector<>();
    assertEquals(Status.NOT_IMPLEMENTED, client.scan(TABLE, "user1", 10, null, result));
    assertTrue(result.isEmpty());
  }

  @Test
  void requestsAreSpreadOverEndpoints() throws Exception {
    try (StubKvServer second = StubKvServer.start()) {
      CohortYcsbClient spread = newClient(stub.baseUrl() + "/ , " + second.baseUrl(), new Properties());
      try {
        for (int i = 0; i < 6; i++) {
          assertEquals(Status.OK, spread.insert(TABLE, "user" + i, values("field0", "x")));
        }
      } finally {
        spread.cleanup();
      }
      assertEquals(3, stub.requestCount());
      assertEquals(3, second.requestCount());
    }
  }

  @Test
  void initRejectsInvalidProperties() {
    assertThrows(DBException.class, () -> newClient("", new Properties()));
    assertThrows(DBException.class, () -> newClient("127.0.0.1:8081", new Properties()));
    assertThrows(DBException.class, () -> newClient("ftp://127.0.0.1:8081", new Properties()));
    assertThrows(DBException.class, () -> newClient("http://127.0.0.1:8081?x=1", new Properties()));

    Properties zeroTimeout = new Properties();
    zeroTimeout.setProperty(CohortYcsbClient.TIMEOUT_MS_PROPERTY, "0");
    assertThrows(DBException.class, () -> newClient(stub.baseUrl(), zeroTimeout));

    Properties textTimeout = new Properties();
    textTimeout.setProperty(CohortYcsbClient.TIMEOUT_MS_PROPERTY, "5s");
    assertThrows(DBException.class, () -> newClient(stub.baseUrl(), textTimeout));

    Properties negativeRetries = new Properties();
    negativeRetries.setProperty(CohortYcsbClient.UPDATE_RETRIES_PROPERTY, "-1");
    assertThrows(DBException.class, () -> newClient(stub.baseUrl(), negativeRetries));
  }

  @Test
  void statusForMapsHttpCodes() {
    assertEquals(Status.OK, CohortYcsbClient.statusFor(200));
    assertEquals(Status.OK, CohortYcsbClient.statusFor(201));
    assertEquals(Status.OK, CohortYcsbClient.statusFor(204));
    assertEquals(Status.NOT_FOUND, CohortYcsbClient.statusFor(404));
    assertEquals(Status.SERVICE_UNAVAILABLE, CohortYcsbClient.statusFor(503));
    assertEquals(Status.ERROR, CohortYcsbClient.statusFor(412));
    assertEquals(Status.ERROR, CohortYcsbClient.statusFor(502));
  }

  private static CohortYcsbClient newClient(String endpoints, Properties extra) throws DBException {
    Properties properties = new Properties();
    properties.putAll(extra);
    properties.setProperty(CohortYcsbClient.ENDPOINTS_PROPERTY, endpoints);
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
