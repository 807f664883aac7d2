package io.cohort.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeyValueRoutesTest extends SingleNodeHttpTest {

  /** Percent-encodes every byte outside unreserved characters, so '/', '+' and '%' stay inside one segment. */
  static String encode(String key) {
    return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("+", "%20");
  }

  static String path(String key) {
    return "/v1/kv/" + encode(key);
  }

  @Test
  void putGetDeleteRoundTrip() throws Exception {
    HttpResponse<String> created = send(putJson(path("user:1"), "{\"name\": \"Ada\"}"));
    assertEquals(201, created.statusCode(), created.body());
    String etag = created.headers().firstValue("ETag").orElseThrow();
    JsonNode body = MAPPER.readTree(created.body());
    assertEquals("user:1", body.get("key").asText());
    assertEquals(etag, "\"" + body.get("version").asLong() + "\"");

    HttpResponse<String> read = send(request(path("user:1")).GET());
    assertEquals(200, read.statusCode());
    assertEquals("{\"name\": \"Ada\"}", read.body());
    assertEquals(etag, read.headers().firstValue("ETag").orElseThrow());
    assertTrue(read.headers().firstValue("Content-Type").orElseThrow().startsWith("application/json"));

    HttpResponse<String> replaced = send(putJson(path("user:1"), "2"));
    assertEquals(200, replaced.statusCode());

    HttpResponse<String> deleted = send(request(path("user:1")).DELETE());
    assertEquals(204, deleted.statusCode());
    assertProblem(send(request(path("user:1")).GET()), 404, "[user:1]");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a/b/c", "1+1=2", "100%", "%2F already encoded", "ünïcødé 键 🔑", "sp ace", "?#&="})
  void keysRoundTripByteForByte(String key) throws Exception {
    HttpResponse<String> created = send(putJson(path(key), "\"v\""));
    assertEquals(201, created.statusCode(), created.body());
    assertEquals(key, MAPPER.readTree(created.body()).get("key").asText());
    assertEquals(200, send(request(path(key)).GET()).statusCode());
    assertEquals(204, send(request(path(key)).DELETE()).statusCode());
  }

  @ParameterizedTest
  @ValueSource(strings = {".", "..", "%2E", "%2e%2E", ".%2E"})
  void dotSegmentKeysAre400(String rawKey) throws Exception {
    assertProblem(send(putJson("/v1/kv/" + rawKey, "1")), 400, "path dot-segments");
    assertProblem(send(request("/v1/kv/" + rawKey).GET()), 400, "path dot-segments");
  }

  @Test
  void unencodedSlashIsNotAKey() throws Exception {
    assertProblem(send(request("/v1/kv/a/b").GET()), 404, "%2F");
  }

  @Test
  void missingKeyIsBadRequest() throws Exception {
    assertProblem(send(request("/v1/kv/").GET()), 400, "no key");
  }

  @Test
  void ifMatchWithCurrentVersionSucceeds() throws Exception {
    String etag = send(putJson(path("cas"), "1")).headers().firstValue("ETag").orElseThrow();
    HttpResponse<String> updated = send(putJson(path("cas"), "2").header("If-Match", etag));
    assertEquals(200, updated.statusCode(), updated.body());
  }

  @Test
  void staleIfMatchIs412() throws Exception {
    String etag = send(putJson(path("stale"), "1")).headers().firstValue("ETag").orElseThrow();
    send(putJson(path("stale"), "2"));
    JsonNode problem = assertProblem(send(putJson(path("stale"), "3").header("If-Match", etag)), 412, etag);
    assertEquals("stale", problem.get("key").asText());
    assertEquals("2", send(request(path("stale")).GET()).body());
  }

  @Test
  void ifNoneMatchStarCreatesOnlyOnce() throws Exception {
    assertEquals(201, send(putJson(path("once"), "1").header("If-None-Match", "*")).statusCode());
    assertProblem(send(putJson(path("once"), "2").header("If-None-Match", "*")), 412, "[once]");
    assertEquals("1", send(request(path("once")).GET()).body());
  }

  @Test
  void deleteIfMatchMismatchIs412() throws Exception {
    send(putJson(path("del"), "1"));
    assertProblem(send(request(path("del")).header("If-Match", "\"999999\"").DELETE()), 412, "\"999999\"");
    assertEquals(200, send(request(path("del")).GET()).statusCode());
  }

  @Test
  void recreatedKeyGetsHigherVersion() throws Exception {
    long first = MAPPER.readTree(send(putJson(path("aba"), "1")).body()).get("version").asLong();
    send(request(path("aba")).DELETE());
    long second = MAPPER.readTree(send(putJson(path("aba"), "1")).body()).get("version").asLong();
    assertTrue(second > first + 1, "version after re-create " + second + " must exceed delete's " + (first + 1));
  }

  @ParameterizedTest
  @ValueSource(strings = {"1", "\"abc\"", "\"0\"", "\"99999999999999999999\"", "\"1\" \"2\""})
  void malformedIfMatchIs400(String header) throws Exception {
    assertProblem(send(putJson(path("bad-etag"), "1").header("If-Match", header)), 400, "If-Match");
    assertProblem(send(request(path("bad-etag")).GET()), 404, "[bad-etag]");
  }

  @Test
  void bothPreconditionsIs400() throws Exception {
    assertProblem(send(putJson(path("both"), "1").header("If-Match", "\"1\"").header("If-None-Match", "*")),
        400, "not both");
  }

  @ParameterizedTest
  @ValueSource(strings = {"{", "{\"a\":}", "not json", "", "1 2", "{\"a\":1} trailing"})
  void malformedJsonIs400AndStoresNothing(String body) throws Exception {
    assertProblem(send(putJson(path("malformed"), body)), 400, "JSON");
    assertProblem(send(request(path("malformed")).GET()), 404, "[malformed]");
  }

  @Test
  void wrongMediaTypeIs415() throws Exception {
    HttpResponse<String> response = send(request(path("media")).header("Content-Type", "text/plain")
        .PUT(HttpRequest.BodyPublishers.ofString("{}")));
    assertProblem(response, 415, "application/json");
    assertProblem(send(request(path("media")).GET()), 404, "[media]");
  }

  @Test
  void valueOverLimitIs413AndStoresNothing() throws Exception {
    String big = "\"" + "x".repeat(3000) + "\"";
    assertProblem(send(putJson(path("big"), big)), 413, "cohort.limits.max-value-bytes");
    assertProblem(send(request(path("big")).GET()), 404, "[big]");
  }

  @Test
  void keyOverLimitIs414() throws Exception {
    assertProblem(send(putJson(path("k".repeat(65)), "1")), 414, "cohort.limits.max-key-bytes");
  }

  @Test
  void unsupportedMethodIs405() throws Exception {
    HttpResponse<String> response = send(request(path("x")).POST(HttpRequest.BodyPublishers.ofString("{}")));
    assertProblem(response, 405, "");
  }

  @Test
  void unknownPathIs404Problem() throws Exception {
    assertProblem(send(request("/nothing/here").GET()), 404, "/v1/kv/{key}");
  }

  @Test
  void fullPartitionIs507AndNamesTheSetting() throws Exception {
    String value = "\"" + "y".repeat(1900) + "\"";
    String key = "fill-0";
    int partition = new io.cohort.partitioning.Partitioner(16).partitionOf(key);
    int stored = 0;
    HttpResponse<String> response = null;
    for (int i = 0; i < 2000 && stored < 100; i++) {
      String candidate = "fill-" + i;
      if (new io.cohort.partitioning.Partitioner(16).partitionOf(candidate) != partition) {
        continue;
      }
      response = send(putJson(path(candidate), value));
      if (response.statusCode() != 201) {
        break;
      }
      stored++;
    }
    assertTrue(stored > 10, "stored " + stored + " values before the cap");
    assertProblem(response, 507, "cohort.partitions.max-bytes");
  }

  /** A failed journal write has an unknown outcome (like a Cassandra write timeout), so only 503 is promised. */
  @Test
  void journalFailureIs503ThenPartitionRecovers() throws Exception {
    journal.failNextPersisted();
    HttpResponse<String> response = send(putJson(path("fails"), "1"));
    assertProblem(response, 503, "retry");
    assertEquals("1", response.headers().firstValue("Retry-After").orElseThrow());

    long deadline = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
    HttpResponse<String> retried;
    do {
      retried = send(putJson(path("fails"), "2"));
    } while (retried.statusCode() == 503 && System.nanoTime() < deadline);
    assertTrue(retried.statusCode() == 200 || retried.statusCode() == 201, retried.body());
    assertEquals("2", send(request(path("fails")).GET()).body());
  }

  @ParameterizedTest
  @ValueSource(strings = {"%FF", "%C3", "a%C3%28", "%ED%A0%80"})
  void keyThatIsNotUtf8Is400AndStoresNothing(String rawKey) throws Exception {
    assertProblem(send(putJson("/v1/kv/" + rawKey, "1")), 400, "not valid UTF-8");
    assertProblem(send(request("/v1/kv/%EF%BF%BD").GET()), 404, "does not exist");
  }

  @Test
  void replacementCharacterKeyIsItsOwnKey() throws Exception {
    assertEquals(201, send(putJson(path("\uFFFD"), "1")).statusCode());
    assertProblem(send(putJson("/v1/kv/%FF", "2")), 400, "not valid UTF-8");
    assertEquals("1", send(request(path("\uFFFD")).GET()).body());
  }

  @Test
  void queryStringIs400() throws Exception {
    assertProblem(send(putJson("/v1/kv/q?x=1", "1")), 400, "%3F");
    assertProblem(send(request("/v1/kv/q").GET()), 404, "[q]");
  }

  @Test
  void chunkedValueOverLimitIs413() throws Exception {
    byte[] body = ("\"" + "z".repeat(4000) + "\"").getBytes(StandardCharsets.UTF_8);
    HttpResponse<String> response = send(request(path("chunked")).header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body))));
    assertProblem(response, 413, "cohort.limits.max-value-bytes");
    assertProblem(send(request(path("chunked")).GET()), 404, "[chunked]");
  }

  @Test
  void wrongMethodOnUnknownPathIs404() throws Exception {
    assertProblem(send(request("/nothing").PUT(HttpRequest.BodyPublishers.ofString("1"))), 404, "%2F");
    assertProblem(send(putJson("/v1/kv/a/b", "1")), 404, "%2F");
  }

  @Test
  void headReturnsEtagWithoutBody() throws Exception {
    String etag = send(putJson(path("head"), "{\"a\":1}")).headers().firstValue("ETag").orElseThrow();
    HttpResponse<String> head = send(request(path("head")).method("HEAD", HttpRequest.BodyPublishers.noBody()));
    assertEquals(200, head.statusCode());
    assertEquals(etag, head.headers().firstValue("ETag").orElseThrow());
    assertEquals("", head.body());
  }

  @Test
  void getIfNoneMatchCurrentIs304() throws Exception {
    String etag = send(putJson(path("cached"), "1")).headers().firstValue("ETag").orElseThrow();
    HttpResponse<String> response = send(request(path("cached")).header("If-None-Match", etag).GET());
    assertEquals(304, response.statusCode());
    assertEquals(etag, response.headers().firstValue("ETag").orElseThrow());
    assertEquals(304, send(request(path("cached")).header("If-None-Match", "W/" + etag).GET()).statusCode());
    assertEquals(200, send(request(path("cached")).header("If-None-Match", "\"999999\"").GET()).statusCode());
  }

  @Test
  void getIfMatchStaleIs412() throws Exception {
    send(putJson(path("read-cas"), "1"));
    assertProblem(send(request(path("read-cas")).header("If-Match", "\"999999\"").GET()), 412, "[read-cas]");
    assertProblem(send(request(path("never-written")).header("If-Match", "*").GET()), 412, "does not exist");
  }

  @Test
  void twoIfMatchTagsAre400() throws Exception {
    String etag = send(putJson(path("two-tags"), "1")).headers().firstValue("ETag").orElseThrow();
    assertProblem(send(putJson(path("two-tags"), "2").header("If-Match", etag).header("If-Match", "\"99\"")),
        400, "2 ETags");
    assertProblem(send(putJson(path("two-tags"), "2").header("If-Match", "\"99\", " + etag)), 400, "2 ETags");
    assertEquals("1", send(request(path("two-tags")).GET()).body());
  }

  @Test
  void weakIfMatchIs412() throws Exception {
    String etag = send(putJson(path("weak"), "1")).headers().firstValue("ETag").orElseThrow();
    assertProblem(send(putJson(path("weak"), "2").header("If-Match", "W/" + etag)), 412, "weak");
    assertEquals("1", send(request(path("weak")).GET()).body());
  }

  @Test
  void malformedJsonNamesKeyNotParser() throws Exception {
    JsonNode problem = assertProblem(send(putJson(path("json-key"), "1 2")), 400, "[json-key]");
    String detail = problem.get("detail").asText();
    assertTrue(detail.contains("more than one JSON value"), detail);
    assertTrue(!detail.contains("JsonNode"), detail);
    assertTrue(!detail.contains("DeserializationFeature"), detail);
  }
}
