package io.cohort.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cohort.partitioning.Partitioner;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * In-memory stand-in for one Cohort node's {@code /v1/kv/{key}} and {@code /v1/routing} API, on
 * 127.0.0.1 and a free port.
 *
 * <p>It implements versions with {@code ETag}, {@code If-Match}, {@code If-None-Match: *}, 201/200
 * on PUT, 204 on DELETE, problem+json errors with Cohort's problem types, and the
 * {@code Cohort-Partition} header. Tests can set the routing table and the reported owner, queue
 * error responses, delay key responses, and interleave a simulated concurrent write before a
 * conditional PUT. Queued errors and delays apply to key requests only, not to routing fetches.
 */
final class StubKvServer implements AutoCloseable {

  private static final String KEY_PATH = "/v1/kv/";
  private static final String ROUTING_PATH = "/v1/routing";
  private static final String PROBLEM_TYPE_PREFIX = "urn:cohort:problem:";
  private static final int PARTITION_COUNT = 256;
  private static final Partitioner PARTITIONER = new Partitioner(PARTITION_COUNT);
  /** Routing table with no members and no placed partitions, so the client uses its seeds. */
  static final String EMPTY_ROUTING_TABLE =
      "{\"epoch\":1,\"partitionCount\":" + PARTITION_COUNT + ",\"nodes\":[],\"partitions\":[]}";
  private static final ObjectMapper JSON = new ObjectMapper();

  static {
    // Without TCP_NODELAY, each exchange took about 40 ms longer in these tests on Linux, because
    // Nagle's algorithm held back the response body until the client's delayed ACK arrived.
    // The JDK server reads this property once, when it creates its first server in the JVM.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  /** A stored record: its JSON text and the version the last write gave it. */
  record StoredRecord(long version, String json) {
  }

  /** An error response for the next key request with {@code method}, or with any method if null. */
  private record QueuedError(String method, int status) {
  }

  private final HttpServer server;
  private final ExecutorService executor;

  private final Object storeLock = new Object();
  private final Map<String, StoredRecord> store = new HashMap<>();
  private long lastVersion;

  private final List<String> decodedKeys = new CopyOnWriteArrayList<>();
  private final List<String> rawKeys = new CopyOnWriteArrayList<>();
  private final List<String> redirectHeaders = new CopyOnWriteArrayList<>();
  private final Queue<QueuedError> queuedErrors = new ConcurrentLinkedQueue<>();
  private final AtomicInteger keyRequestCount = new AtomicInteger();
  private final AtomicInteger routingRequestCount = new AtomicInteger();
  private final AtomicInteger preconditionFailures = new AtomicInteger();
  private final AtomicInteger concurrentWritesToInterleave = new AtomicInteger();
  private volatile String concurrentField;
  private volatile String concurrentValue;
  private volatile long responseDelayMillis;
  private volatile int failureStatus;
  private volatile String routingTable = EMPTY_ROUTING_TABLE;
  private volatile String reportedOwner;

  private StubKvServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /** Starts a stub on 127.0.0.1 and a port chosen by the operating system. */
  static StubKvServer start() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    // Several threads let a delayed response wait without holding up the requests behind it.
    ExecutorService executor = Executors.newFixedThreadPool(4);
    server.setExecutor(executor);
    StubKvServer stub = new StubKvServer(server, executor);
    server.createContext("/", stub::handle);
    server.start();
    return stub;
  }

  String baseUrl() {
    InetSocketAddress address = server.getAddress();
    return "http://" + address.getHostString() + ":" + address.getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Makes the next key request, whatever its method, fail with {@code httpStatus} and a problem body. */
  void queueError(int httpStatus) {
    queuedErrors.add(new QueuedError(null, httpStatus));
  }

  /** Makes the next key request with {@code method} fail with {@code httpStatus} and a problem body. */
  void queueError(String method, int httpStatus) {
    queuedErrors.add(new QueuedError(method, httpStatus));
  }

  /** Makes every later key request fail with {@code httpStatus}, or none if it is 0. */
  void failKeyRequests(int httpStatus) {
    failureStatus = httpStatus;
  }

  /** Delays every later key response by {@code millis}. */
  void delayResponses(long millis) {
    responseDelayMillis = millis;
  }

  /** Sets the body of {@code GET /v1/routing}, which starts as {@link #EMPTY_ROUTING_TABLE}. */
  void setRoutingTable(String json) {
    routingTable = json;
  }

  /**
   * Makes key responses name {@code endpoint} in {@code Cohort-Owner}, with routing epoch 1, as a
   * node does when it forwarded the request to that owner. Null removes both headers.
   */
  void reportOwner(String endpoint) {
    reportedOwner = endpoint;
  }

  /** Returns a routing table in which the node at {@code endpoint} owns every partition. */
  static String routingTableOwnedBy(String endpoint) {
    ObjectNode table = JSON.createObjectNode().put("epoch", 1).put("partitionCount", PARTITION_COUNT);
    table.putArray("nodes").addObject()
        .put("address", "pekko://cohort@127.0.0.1:25520")
        .put("endpoint", endpoint)
        .put("status", "Up")
        .put("reachable", true);
    ArrayNode partitions = table.putArray("partitions");
    for (int partition = 0; partition < PARTITION_COUNT; partition++) {
      partitions.addObject()
          .put("partition", partition)
          .put("node", "pekko://cohort@127.0.0.1:25520")
          .put("endpoint", endpoint);
    }
    return table.toString();
  }

  /**
   * Before each of the next {@code count} PUTs with {@code If-Match}, writes {@code field=value}
   * into the stored record and gives it a new version, as another client would. The PUT then
   * fails with 412 because its {@code If-Match} names the old version.
   */
  void interleaveConcurrentWrites(int count, String field, String value) {
    concurrentField = field;
    concurrentValue = value;
    concurrentWritesToInterleave.set(count);
  }

  /** Stores {@code json} under {@code key} directly, bypassing HTTP. */
  void put(String key, String json) {
    synchronized (storeLock) {
      store.put(key, new StoredRecord(++lastVersion, json));
    }
  }

  /** Returns the stored record, or null if the key is absent. */
  StoredRecord get(String key) {
    synchronized (storeLock) {
      return store.get(key);
    }
  }

  /** Keys of all requests so far, percent-decoded from the request path, in arrival order. */
  List<String> decodedKeys() {
    return List.copyOf(decodedKeys);
  }

  /** Keys of all requests so far exactly as they appeared in the request path. */
  List<String> rawKeys() {
    return List.copyOf(rawKeys);
  }

  /** Values of the {@code Cohort-Redirect} header of all key requests so far, "" where it was absent. */
  List<String> redirectHeaders() {
    return List.copyOf(redirectHeaders);
  }

  /** Number of requests to {@code /v1/kv/}, including failed ones. */
  int keyRequestCount() {
    return keyRequestCount.get();
  }

  /** Number of {@code GET /v1/routing} requests. */
  int routingRequestCount() {
    return routingRequestCount.get();
  }

  /** Number of 412 responses sent because {@code If-Match} or {@code If-None-Match} failed. */
  int preconditionFailures() {
    return preconditionFailures.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try {
      String rawPath = exchange.getRequestURI().getRawPath();
      if (rawPath.equals(ROUTING_PATH) && exchange.getRequestMethod().equals("GET")) {
        routingRequestCount.incrementAndGet();
        send(exchange, 200, "application/json", routingTable);
      } else if (rawPath.startsWith(KEY_PATH)) {
        handleKeyRequest(exchange, rawPath.substring(KEY_PATH.length()));
      } else {
        sendProblem(exchange, 404, "not-found", "Not Found", "No route for path " + rawPath);
      }
    } catch (InterruptedException e) {
      // The stub is closing while a delayed response waits.
      Thread.currentThread().interrupt();
    } finally {
      exchange.close();
    }
  }

  private void handleKeyRequest(HttpExchange exchange, String rawKey) throws IOException, InterruptedException {
    keyRequestCount.incrementAndGet();
    String redirect = exchange.getRequestHeaders().getFirst("Cohort-Redirect");
    redirectHeaders.add(redirect == null ? "" : redirect);
    if (responseDelayMillis > 0) {
      Thread.sleep(responseDelayMillis);
    }
    int errorStatus = takeErrorStatus(exchange.getRequestMethod());
    if (errorStatus != 0) {
      if (errorStatus == 503) {
        exchange.getResponseHeaders().set("Retry-After", "1");
      }
      sendProblem(exchange, errorStatus, "test-error", "Test error", "The test queued this error response.");
      return;
    }
    if (rawKey.isEmpty() || rawKey.contains("/")) {
      sendProblem(exchange, 404, "not-found", "Not Found", "No route for key segment " + rawKey);
      return;
    }
    String key;
    try {
      key = decodePathSegment(rawKey);
    } catch (IllegalArgumentException e) {
      sendProblem(exchange, 400, "invalid-key", "Bad Request", "Invalid percent-encoding in key: " + e.getMessage());
      return;
    }
    rawKeys.add(rawKey);
    decodedKeys.add(key);
    addRoutingHeaders(exchange, key);

    switch (exchange.getRequestMethod()) {
      case "GET" -> handleGet(exchange, key);
      case "PUT" -> handlePut(exchange, key);
      case "DELETE" -> handleDelete(exchange, key);
      default -> sendProblem(exchange, 405, "method-not-allowed", "Method Not Allowed", exchange.getRequestMethod());
    }
  }

  /** Returns the status of the persistent failure or of the first queued error for {@code method}, or 0. */
  private int takeErrorStatus(String method) {
    if (failureStatus != 0) {
      return failureStatus;
    }
    for (QueuedError queued : queuedErrors) {
      if ((queued.method() == null || queued.method().equals(method)) && queuedErrors.remove(queued)) {
        return queued.status();
      }
    }
    return 0;
  }

  private void addRoutingHeaders(HttpExchange exchange, String key) {
    exchange.getResponseHeaders().set("Cohort-Partition", Integer.toString(PARTITIONER.partitionOf(key)));
    String owner = reportedOwner;
    if (owner != null) {
      exchange.getResponseHeaders().set("Cohort-Owner", owner);
      exchange.getResponseHeaders().set("Cohort-Routing-Epoch", "1");
    }
  }

  private void handleGet(HttpExchange exchange, String key) throws IOException {
    StoredRecord current = get(key);
    if (current == null) {
      sendProblem(exchange, 404, "key-not-found", "Not Found", "Key '" + key + "' does not exist.");
      return;
    }
    exchange.getResponseHeaders().set("ETag", etag(current.version()));
    send(exchange, 200, "application/json", current.json());
  }

  private void handlePut(HttpExchange exchange, String key) throws IOException {
    String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
    if (contentType == null || !contentType.startsWith("application/json")) {
      sendProblem(exchange, 415, "unsupported-media-type", "Unsupported Media Type",
          "Expected application/json, got " + contentType);
      return;
    }
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    try {
      JSON.readTree(body);
    } catch (JsonProcessingException e) {
      sendProblem(exchange, 400, "invalid-json", "Bad Request", "The body is not valid JSON.");
      return;
    }
    String ifMatch = exchange.getRequestHeaders().getFirst("If-Match");
    String ifNoneMatch = exchange.getRequestHeaders().getFirst("If-None-Match");
    if (ifMatch != null && concurrentWritesToInterleave.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      writeConcurrently(key);
    }

    long version;
    long currentVersion;
    boolean created;
    synchronized (storeLock) {
      StoredRecord current = store.get(key);
      currentVersion = current == null ? 0 : current.version();
      boolean matchFails = ifMatch != null && (current == null || !ifMatch.equals(etag(current.version())));
      boolean noneMatchFails = "*".equals(ifNoneMatch) && current != null;
      if (matchFails || noneMatchFails) {
        preconditionFailures.incrementAndGet();
        version = -1;
        created = false;
      } else {
        version = ++lastVersion;
        created = current == null;
        store.put(key, new StoredRecord(version, body));
      }
    }
    if (version < 0) {
      ObjectNode problem = problem(412, "version-conflict", "Precondition Failed",
          "Key '" + key + "' has version " + currentVersion + ".");
      problem.put("key", key).put("currentVersion", currentVersion);
      send(exchange, 412, "application/problem+json", problem.toString());
      return;
    }
    exchange.getResponseHeaders().set("ETag", etag(version));
    ObjectNode response = JSON.createObjectNode().put("key", key).put("version", version);
    send(exchange, created ? 201 : 200, "application/json", response.toString());
  }

  private void handleDelete(HttpExchange exchange, String key) throws IOException {
    long version;
    synchronized (storeLock) {
      if (store.remove(key) == null) {
        version = -1;
      } else {
        version = ++lastVersion;
      }
    }
    if (version < 0) {
      sendProblem(exchange, 404, "key-not-found", "Not Found", "Key '" + key + "' does not exist.");
      return;
    }
    exchange.getResponseHeaders().set("ETag", etag(version));
    exchange.sendResponseHeaders(204, -1);
  }

  private void writeConcurrently(String key) throws JsonProcessingException {
    synchronized (storeLock) {
      StoredRecord current = store.get(key);
      if (current == null) {
        return;
      }
      ObjectNode record = (ObjectNode) JSON.readTree(current.json());
      record.put(concurrentField, concurrentValue);
      store.put(key, new StoredRecord(++lastVersion, record.toString()));
    }
  }

  private static String etag(long version) {
    return "\"" + version + "\"";
  }

  private static void sendProblem(HttpExchange exchange, int status, String slug, String title, String detail)
      throws IOException {
    send(exchange, status, "application/problem+json", problem(status, slug, title, detail).toString());
  }

  private static ObjectNode problem(int status, String slug, String title, String detail) {
    return JSON.createObjectNode()
        .put("type", PROBLEM_TYPE_PREFIX + slug)
        .put("title", title)
        .put("status", status)
        .put("detail", detail);
  }

  private static void send(HttpExchange exchange, int status, String contentType, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream output = exchange.getResponseBody()) {
      output.write(bytes);
    }
  }

  /**
   * Decodes RFC 3986 percent-encoding as UTF-8. Unlike URLDecoder, it leaves '+' as '+', and it
   * rejects a truncated escape or bytes that are not valid UTF-8.
   */
  static String decodePathSegment(String raw) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      int c = raw.codePointAt(i);
      if (c != '%') {
        byte[] plain = Character.toString(c).getBytes(StandardCharsets.UTF_8);
        bytes.write(plain, 0, plain.length);
        i += Character.charCount(c) - 1;
        continue;
      }
      if (i + 2 >= raw.length()) {
        throw new IllegalArgumentException("truncated escape at index " + i);
      }
      int high = Character.digit(raw.charAt(i + 1), 16);
      int low = Character.digit(raw.charAt(i + 2), 16);
      if (high < 0 || low < 0) {
        throw new IllegalArgumentException("invalid escape at index " + i);
      }
      bytes.write(high * 16 + low);
      i += 2;
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("the bytes are not valid UTF-8");
    }
  }
}
