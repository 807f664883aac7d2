package io.cohort.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
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
 * In-memory stand-in for one Cohort node's {@code /v1/kv/{key}} API, on 127.0.0.1 and a free port.
 *
 * <p>It implements versions with {@code ETag}, {@code If-Match}, {@code If-None-Match: *}, 201/200
 * on PUT, 204 on DELETE and problem+json errors. Tests can queue error responses, delay every
 * response, and interleave a simulated concurrent write before a conditional PUT.
 */
final class StubKvServer implements AutoCloseable {

  private static final String KEY_PATH = "/v1/kv/";
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

  private final HttpServer server;
  private final ExecutorService executor;

  private final Object storeLock = new Object();
  private final Map<String, StoredRecord> store = new HashMap<>();
  private long lastVersion;

  private final List<String> decodedKeys = new CopyOnWriteArrayList<>();
  private final List<String> rawKeys = new CopyOnWriteArrayList<>();
  private final Queue<Integer> queuedErrors = new ConcurrentLinkedQueue<>();
  private final AtomicInteger requestCount = new AtomicInteger();
  private final AtomicInteger preconditionFailures = new AtomicInteger();
  private final AtomicInteger concurrentWritesToInterleave = new AtomicInteger();
  private volatile String concurrentField;
  private volatile String concurrentValue;
  private volatile long responseDelayMillis;

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

  /** Makes the next request, whatever it is, fail with {@code httpStatus} and a problem body. */
  void queueError(int httpStatus) {
    queuedErrors.add(httpStatus);
  }

  /** Delays every later response by {@code millis}. */
  void delayResponses(long millis) {
    responseDelayMillis = millis;
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

  int requestCount() {
    return requestCount.get();
  }

  /** Number of 412 responses sent because {@code If-Match} or {@code If-None-Match} failed. */
  int preconditionFailures() {
    return preconditionFailures.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try {
      requestCount.incrementAndGet();
      if (responseDelayMillis > 0) {
        Thread.sleep(responseDelayMillis);
      }
      Integer queuedError = queuedErrors.poll();
      if (queuedError != null) {
        if (queuedError == 503) {
          exchange.getResponseHeaders().set("Retry-After", "1");
        }
        sendProblem(exchange, queuedError, "Queued error", "The test queued this error response.");
        return;
      }
      route(exchange);
    } catch (InterruptedException e) {
      // The stub is closing while a delayed response waits.
      Thread.currentThread().interrupt();
    } finally {
      exchange.close();
    }
  }

  private void route(HttpExchange exchange) throws IOException {
    String rawPath = exchange.getRequestURI().getRawPath();
    String rawKey = rawPath.startsWith(KEY_PATH) ? rawPath.substring(KEY_PATH.length()) : "";
    if (rawKey.isEmpty() || rawKey.contains("/")) {
      sendProblem(exchange, 404, "Not Found", "No route for path " + rawPath);
      return;
    }
    String key;
    try {
      key = decodePathSegment(rawKey);
    } catch (IllegalArgumentException e) {
      sendProblem(exchange, 400, "Bad Request", "Invalid percent-encoding in key: " + e.getMessage());
      return;
    }
    rawKeys.add(rawKey);
    decodedKeys.add(key);

    switch (exchange.getRequestMethod()) {
      case "GET" -> handleGet(exchange, key);
      case "PUT" -> handlePut(exchange, key);
      case "DELETE" -> handleDelete(exchange, key);
      default -> sendProblem(exchange, 405, "Method Not Allowed", exchange.getRequestMethod());
    }
  }

  private void handleGet(HttpExchange exchange, String key) throws IOException {
    StoredRecord current = get(key);
    if (current == null) {
      sendProblem(exchange, 404, "Not Found", "Key '" + key + "' does not exist.");
      return;
    }
    exchange.getResponseHeaders().set("ETag", etag(current.version()));
    send(exchange, 200, "application/json", current.json());
  }

  private void handlePut(HttpExchange exchange, String key) throws IOException {
    String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
    if (contentType == null || !contentType.startsWith("application/json")) {
      sendProblem(exchange, 415, "Unsupported Media Type", "Expected application/json, got " + contentType);
      return;
    }
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    try {
      JSON.readTree(body);
    } catch (JsonProcessingException e) {
      sendProblem(exchange, 400, "Bad Request", "The body is not valid JSON.");
      return;
    }
    String ifMatch = exchange.getRequestHeaders().getFirst("If-Match");
    String ifNoneMatch = exchange.getRequestHeaders().getFirst("If-None-Match");
    if (ifMatch != null && concurrentWritesToInterleave.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      writeConcurrently(key);
    }

    long version;
    boolean created;
    synchronized (storeLock) {
      StoredRecord current = store.get(key);
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
      sendProblem(exchange, 412, "Precondition Failed", "Key '" + key + "' has another version.");
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
      sendProblem(exchange, 404, "Not Found", "Key '" + key + "' does not exist.");
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

  private static void sendProblem(HttpExchange exchange, int status, String title, String detail)
      throws IOException {
    ObjectNode problem = JSON.createObjectNode()
        .put("title", title)
        .put("status", status)
        .put("detail", detail);
    send(exchange, status, "application/problem+json", problem.toString());
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
