package io.cohort.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The namespace API and key requests under {@code /v1/ns/{namespace}/kv/{key}}, on one node. */
class NamespaceRoutesTest extends SingleNodeHttpTest {

  private static HttpRequest.Builder postJson(String rawPath, String json) {
    return request(rawPath).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
  }

  private static HttpRequest.Builder patch(String rawPath, String contentType, String json) {
    return request(rawPath).header("Content-Type", contentType)
        .method("PATCH", HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
  }

  private static HttpResponse<String> create(String json) throws Exception {
    return send(postJson("/v1/namespaces", json));
  }

  private static void createOrFail(String json) throws Exception {
    HttpResponse<String> response = create(json);
    assertEquals(201, response.statusCode(), response.body());
  }

  private static List<String> fieldsOf(JsonNode problem) {
    List<String> fields = new ArrayList<>();
    problem.get("errors").forEach(error -> fields.add(error.get("field").asText()));
    return fields;
  }

  private static List<String> namesOf(JsonNode array) {
    List<String> names = new ArrayList<>();
    array.forEach(name -> names.add(name.isObject() ? name.get("name").asText() : name.asText()));
    return names;
  }

  @Test
  void createReturns201WithEffectiveSettings() throws Exception {
    HttpResponse<String> response = create("{\"name\": \"orders\", \"partitions\": 4, \"level\": \"eventual\"}");

    assertEquals(201, response.statusCode(), response.body());
    assertEquals("/v1/namespaces/orders", response.headers().firstValue("Location").orElseThrow());
    JsonNode body = MAPPER.readTree(response.body());
    assertEquals("orders", body.get("name").asText());
    assertEquals(4, body.get("partitions").asInt());
    assertEquals("eventual", body.get("level").asText());
    assertEquals(1, body.get("replicationFactor").asInt());
    assertEquals("data", body.get("role").asText());
    assertEquals(2048, body.get("maxValueBytes").asLong());
    assertEquals(0, body.get("defaultTtlSeconds").asLong());
    assertEquals("ONE", body.get("writeConsistency").asText());
    assertEquals("ONE", body.get("recoveryConsistency").asText());
    assertEquals(1, body.get("writeReplicas").asInt());
    assertEquals(1, body.get("recoveryReplicas").asInt());
    assertTrue(body.get("generation").asLong() > 0, response.body());
  }

  @Test
  void getOneAndListIncludeDefault() throws Exception {
    createOrFail("{\"name\": \"listed\"}");

    HttpResponse<String> one = send(request("/v1/namespaces/listed").GET());
    assertEquals(200, one.statusCode(), one.body());
    JsonNode body = MAPPER.readTree(one.body());
    assertEquals("listed", body.get("name").asText());
    assertEquals("strong", body.get("level").asText());
    assertEquals(16, body.get("partitions").asInt());

    HttpResponse<String> list = send(request("/v1/namespaces").GET());
    assertEquals(200, list.statusCode(), list.body());
    List<String> names = namesOf(MAPPER.readTree(list.body()).get("namespaces"));
    assertEquals("default", names.get(0));
    assertTrue(names.contains("listed"), names.toString());

    HttpResponse<String> builtIn = send(request("/v1/namespaces/default").GET());
    assertEquals(200, builtIn.statusCode(), builtIn.body());
    assertEquals(0, MAPPER.readTree(builtIn.body()).get("generation").asLong());
  }

  @Test
  void getUnknownNamespaceIs404ListingNames() throws Exception {
    createOrFail("{\"name\": \"known\"}");
    JsonNode problem = assertProblem(send(request("/v1/namespaces/unknown").GET()), 404, "[unknown]");
    assertEquals("urn:cohort:problem:namespace-not-found", problem.get("type").asText());
    List<String> names = namesOf(problem.get("namespaces"));
    assertTrue(names.contains("default"), names.toString());
    assertTrue(names.contains("known"), names.toString());
  }

  @Test
  void keysAreSeparateFromDefaultNamespace() throws Exception {
    createOrFail("{\"name\": \"separate\"}");

    HttpResponse<String> created = send(putJson("/v1/ns/separate/kv/shared", "\"namespaced\""));
    assertEquals(201, created.statusCode(), created.body());
    assertTrue(created.headers().firstValue(NodeRouting.PARTITION_HEADER).isPresent());
    assertFalse(created.headers().firstValue(NodeRouting.OWNER_HEADER).isPresent());
    assertEquals(201, send(putJson("/v1/kv/shared", "\"default\"")).statusCode());

    assertEquals("\"namespaced\"", send(request("/v1/ns/separate/kv/shared").GET()).body());
    assertEquals("\"default\"", send(request("/v1/kv/shared").GET()).body());
    assertEquals("\"default\"", send(request("/v1/ns/default/kv/shared").GET()).body());

    assertEquals(204, send(request("/v1/ns/separate/kv/shared").DELETE()).statusCode());
    assertProblem(send(request("/v1/ns/separate/kv/shared").GET()), 404, "[shared]");
    assertEquals(200, send(request("/v1/kv/shared").GET()).statusCode());
  }

  @Test
  void namespacedKeysKeepConditionalsAndValidation() throws Exception {
    createOrFail("{\"name\": \"cond\"}");
    String path = "/v1/ns/cond/kv/a%2Fb";

    HttpResponse<String> first = send(putJson(path, "1").header("If-None-Match", "*"));
    assertEquals(201, first.statusCode(), first.body());
    assertEquals("a/b", MAPPER.readTree(first.body()).get("key").asText());
    assertProblem(send(putJson(path, "2").header("If-None-Match", "*")), 412, "[a/b]");
    String etag = first.headers().firstValue("ETag").orElseThrow();
    assertEquals(304, send(request(path).header("If-None-Match", etag).GET()).statusCode());

    assertProblem(send(putJson(path, "{")), 400, "JSON");
    assertProblem(send(request(path).header("Content-Type", "text/plain")
        .PUT(HttpRequest.BodyPublishers.ofString("1"))), 415, "application/json");
    assertProblem(send(putJson("/v1/ns/cond/kv/" + "k".repeat(65), "1")), 414, "cohort.limits.max-key-bytes");
    assertProblem(send(request("/v1/ns/cond/kv/").GET()), 400, "no key");
    assertEquals("1", send(request(path).GET()).body());
  }

  @ParameterizedTest
  @ValueSource(strings = {".", "..", "%2E", "%2e%2E"})
  void dotSegmentKeysInNamespaceAre400(String rawKey) throws Exception {
    String name = "dots-" + rawKey.length();
    createOrFail("{\"name\": \"" + name + "\"}");
    assertProblem(send(putJson("/v1/ns/" + name + "/kv/" + rawKey, "1")), 400, "path dot-segments");
    assertProblem(send(request("/v1/ns/" + name + "/kv/" + rawKey).GET()), 400, "path dot-segments");
  }

  @Test
  void dotSegmentNamespaceIs400() throws Exception {
    assertProblem(send(putJson("/v1/ns/../kv/escaped", "1")), 400, "dot-segment");
    assertProblem(send(request("/v1/kv/escaped").GET()), 404, "[escaped]");
  }

  @Test
  void unknownNamespaceInKeyPathIs404() throws Exception {
    JsonNode problem = assertProblem(send(putJson("/v1/ns/missing/kv/k", "1")), 404, "[missing]");
    assertEquals("urn:cohort:problem:namespace-not-found", problem.get("type").asText());
    assertTrue(namesOf(problem.get("namespaces")).contains("default"), problem.toString());
  }

  @Test
  void duplicateCreateIs409() throws Exception {
    createOrFail("{\"name\": \"twice\"}");
    JsonNode problem = assertProblem(create("{\"name\": \"twice\", \"partitions\": 2}"), 409, "[twice]");
    assertEquals(16, problem.get("existing").get("partitions").asInt());
  }

  @Test
  void concurrentCreatesGiveOne201() throws Exception {
    HttpRequest request = postJson("/v1/namespaces", "{\"name\": \"race\"}")
        .timeout(java.time.Duration.ofSeconds(10)).build();
    CompletableFuture<HttpResponse<String>> first = client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    CompletableFuture<HttpResponse<String>> second = client.sendAsync(request, HttpResponse.BodyHandlers.ofString());

    List<Integer> statuses = new ArrayList<>(List.of(first.get().statusCode(), second.get().statusCode()));
    statuses.sort(Integer::compare);
    assertEquals(List.of(201, 409), statuses, first.get().body() + " / " + second.get().body());
  }

  static Stream<Arguments> invalidCreates() {
    return Stream.of(
        Arguments.of("{\"name\": \"Orders\"}", "name"),
        Arguments.of("{\"name\": \"" + "a".repeat(49) + "\"}", "name"),
        Arguments.of("{\"name\": \"a/b\"}", "name"),
        Arguments.of("{\"name\": \"\"}", "name"),
        Arguments.of("{\"name\": \"default\"}", "name"),
        Arguments.of("{}", "name"),
        Arguments.of("{\"name\": 5}", "name"),
        Arguments.of("{\"name\": \"rejected\", \"level\": \"quantum\"}", "level"),
        Arguments.of("{\"name\": \"rejected\", \"partitions\": 0}", "partitions"),
        Arguments.of("{\"name\": \"rejected\", \"partitions\": 100000}", "partitions"),
        Arguments.of("{\"name\": \"rejected\", \"partitions\": 99999999999}", "partitions"),
        Arguments.of("{\"name\": \"rejected\", \"replicationFactor\": 0}", "replicationFactor"),
        Arguments.of("{\"name\": \"rejected\", \"level\": \"semi-sync\", \"replicationFactor\": 1}",
            "replicationFactor"),
        Arguments.of("{\"name\": \"rejected\", \"colour\": \"red\"}", "colour"),
        Arguments.of("{\"name\": \"rejected\", \"partitions\": \"ten\"}", "partitions"),
        Arguments.of("{\"name\": \"rejected\", \"partitions\": 1.5}", "partitions"),
        Arguments.of("{\"name\": \"rejected\", \"maxValueBytes\": 4096}", "maxValueBytes"),
        Arguments.of("{\"name\": \"rejected\", \"defaultTtlSeconds\": -1}", "defaultTtlSeconds"),
        Arguments.of("{\"name\": \"rejected\", \"writeConsistency\": \"SOME\"}", "writeConsistency"),
        Arguments.of("{\"name\": \"rejected\", \"writeConsistency\": \"THREE\"}", "writeConsistency"),
        Arguments.of("{\"name\": \"rejected\", \"role\": \"bad role\"}", "role"));
  }

  @ParameterizedTest
  @MethodSource("invalidCreates")
  void invalidCreateIs400NamingField(String body, String field) throws Exception {
    JsonNode problem = assertProblem(create(body), 400, "[" + field + "]");
    assertEquals("urn:cohort:problem:invalid-namespace", problem.get("type").asText());
    assertTrue(fieldsOf(problem).contains(field), problem.toString());
    assertProblem(send(request("/v1/namespaces/rejected").GET()), 404, "[rejected]");
  }

  @Test
  void unknownFieldListsAcceptedFields() throws Exception {
    JsonNode problem = assertProblem(create("{\"name\": \"x\", \"Partitions\": 3}"), 400, "[Partitions]");
    assertTrue(problem.get("detail").asText().contains("partitions, level"), problem.toString());
  }

  @Test
  void allFieldErrorsAreListed() throws Exception {
    JsonNode problem = assertProblem(create("{\"name\": \"UPPER\", \"partitions\": 0, \"level\": \"x\"}"), 400,
        "[name]");
    assertEquals(List.of("name", "partitions", "level"), fieldsOf(problem));

    JsonNode mixed = assertProblem(create("{\"colour\": 1, \"partitions\": \"ten\", \"name\": \"UPPER\"}"), 400,
        "[name]");
    assertEquals(List.of("name", "partitions", "colour"), fieldsOf(mixed));
    assertEquals("\"ten\"", mixed.get("errors").get(1).get("value").asText());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "{", "[1]", "\"orders\"", "{\"name\": \"a\"} {}", "{\"name\": \"a\", \"name\": \"b\"}"})
  void malformedCreateBodyIs400(String body) throws Exception {
    JsonNode problem = assertProblem(create(body), 400, "JSON");
    assertEquals("urn:cohort:problem:malformed-json", problem.get("type").asText());
  }

  @Test
  void createWithWrongMediaTypeIs415() throws Exception {
    HttpResponse<String> response = send(request("/v1/namespaces").header("Content-Type", "text/plain")
        .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"plain\"}")));
    assertProblem(response, 415, "application/json");
    assertProblem(send(request("/v1/namespaces/plain").GET()), 404, "[plain]");
  }

  @Test
  void patchTtlIs200AndVisible() throws Exception {
    createOrFail("{\"name\": \"ttl\"}");

    HttpResponse<String> changed = send(patch("/v1/namespaces/ttl", "application/json",
        "{\"defaultTtlSeconds\": 3600}"));
    assertEquals(200, changed.statusCode(), changed.body());
    assertEquals(3600, MAPPER.readTree(changed.body()).get("defaultTtlSeconds").asLong());
    assertEquals(3600, MAPPER.readTree(send(request("/v1/namespaces/ttl").GET()).body())
        .get("defaultTtlSeconds").asLong());

    HttpResponse<String> reset = send(patch("/v1/namespaces/ttl", "application/merge-patch+json",
        "{\"defaultTtlSeconds\": null}"));
    assertEquals(200, reset.statusCode(), reset.body());
    assertEquals(0, MAPPER.readTree(reset.body()).get("defaultTtlSeconds").asLong());
  }

  @Test
  void patchImmutableFieldIs400NamingIt() throws Exception {
    createOrFail("{\"name\": \"fixed\", \"partitions\": 8}");

    JsonNode problem = assertProblem(send(patch("/v1/namespaces/fixed", "application/json",
        "{\"partitions\": 32, \"defaultTtlSeconds\": 60}")), 400, "[partitions]");
    assertEquals(List.of("partitions"), fieldsOf(problem));
    JsonNode current = MAPPER.readTree(send(request("/v1/namespaces/fixed").GET()).body());
    assertEquals(8, current.get("partitions").asInt());
    assertEquals(0, current.get("defaultTtlSeconds").asLong());

    assertEquals(200, send(patch("/v1/namespaces/fixed", "application/json", "{\"partitions\": 8}"))
        .statusCode());
    assertProblem(send(patch("/v1/namespaces/fixed", "application/json", "{\"colour\": 1}")), 400, "[colour]");
    assertProblem(send(patch("/v1/namespaces/fixed", "text/plain", "{}")), 415, "merge-patch");
  }

  @Test
  void patchUnknownNamespaceIs404() throws Exception {
    JsonNode problem = assertProblem(send(patch("/v1/namespaces/nowhere", "application/json",
        "{\"defaultTtlSeconds\": 5}")), 404, "[nowhere]");
    assertTrue(namesOf(problem.get("namespaces")).contains("default"), problem.toString());
  }

  @Test
  void builtInNamespaceIsImmutable() throws Exception {
    assertProblem(send(patch("/v1/namespaces/default", "application/json", "{\"defaultTtlSeconds\": 5}")),
        409, "cannot be changed");
    assertProblem(send(request("/v1/namespaces/default").DELETE()), 409, "cannot be deleted");
    assertEquals(200, send(request("/v1/namespaces/default").GET()).statusCode());
  }

  @Test
  void deleteNonEmptyIs409UntilForced() throws Exception {
    createOrFail("{\"name\": \"full\", \"partitions\": 4}");
    assertEquals(201, send(putJson("/v1/ns/full/kv/a", "1")).statusCode());
    assertEquals(201, send(putJson("/v1/ns/full/kv/b", "2")).statusCode());

    JsonNode problem = assertProblem(send(request("/v1/namespaces/full").DELETE()), 409, "force=true");
    assertEquals(2, problem.get("keys").asLong());
    assertEquals("1", send(request("/v1/ns/full/kv/a").GET()).body());

    assertEquals(204, send(request("/v1/namespaces/full?force=true").DELETE()).statusCode());
    assertProblem(send(request("/v1/ns/full/kv/a").GET()), 404, "namespace [full] does not exist");
    assertProblem(send(request("/v1/namespaces/full").GET()), 404, "[full]");
    assertProblem(send(request("/v1/namespaces/full?force=true").DELETE()), 404, "[full]");
  }

  @Test
  void deleteEmptyNamespaceIs204() throws Exception {
    createOrFail("{\"name\": \"empty\", \"partitions\": 2}");
    assertEquals(204, send(request("/v1/namespaces/empty").DELETE()).statusCode());
    assertProblem(send(request("/v1/namespaces/empty").GET()), 404, "[empty]");
  }

  @Test
  void recreatedNamespaceStartsEmpty() throws Exception {
    createOrFail("{\"name\": \"again\", \"partitions\": 2}");
    assertEquals(201, send(putJson("/v1/ns/again/kv/k", "1")).statusCode());
    assertEquals(204, send(request("/v1/namespaces/again?force=true").DELETE()).statusCode());

    createOrFail("{\"name\": \"again\", \"partitions\": 2}");
    assertProblem(send(request("/v1/ns/again/kv/k").GET()), 404, "[k]");
  }

  @ParameterizedTest
  @ValueSource(strings = {"yes", "1", ""})
  void invalidForceIs400(String force) throws Exception {
    createOrFail("{\"name\": \"force-" + force.length() + force + "\"}");
    assertProblem(send(request("/v1/namespaces/force-" + force.length() + force + "?force=" + force).DELETE()),
        400, "force [" + force + "]");
  }

  @Test
  void valueOverNamespaceLimitIs413() throws Exception {
    createOrFail("{\"name\": \"small\", \"maxValueBytes\": 100}");
    String big = "\"" + "x".repeat(200) + "\"";

    assertProblem(send(putJson("/v1/ns/small/kv/big", big)), 413, "maxValueBytes of namespace [small]");
    byte[] chunked = big.getBytes(StandardCharsets.UTF_8);
    HttpResponse<String> response = send(request("/v1/ns/small/kv/big").header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(chunked))));
    assertProblem(response, 413, "maxValueBytes of namespace [small]");
    assertProblem(send(request("/v1/ns/small/kv/big").GET()), 404, "[big]");
    assertEquals(201, send(putJson("/v1/ns/small/kv/fits", "\"" + "x".repeat(90) + "\"")).statusCode());
  }

  @Test
  void roleWithoutHostIs503NamingRole() throws Exception {
    createOrFail("{\"name\": \"analytics\", \"role\": \"analytics\"}");
    HttpResponse<String> response = send(putJson("/v1/ns/analytics/kv/k", "1"));
    JsonNode problem = assertProblem(response, 503, "[analytics]");
    assertTrue(problem.get("detail").asText().contains("pekko.cluster.roles"), problem.toString());
    assertEquals("urn:cohort:problem:no-host-for-role", problem.get("type").asText());
    assertTrue(response.headers().firstValue("Retry-After").isPresent());
  }

  /** The registry does not reply to a create whose journal write failed, so the request times out. */
  @Test
  void registryFailureIs503ThenCreateSucceeds() throws Exception {
    journal.failNextPersisted();
    HttpResponse<String> failed = create("{\"name\": \"flaky\"}");
    assertProblem(failed, 503, "creating namespace [flaky]");
    assertEquals("2", failed.headers().firstValue("Retry-After").orElseThrow());

    long deadline = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
    HttpResponse<String> retried;
    do {
      retried = create("{\"name\": \"flaky\"}");
    } while (retried.statusCode() == 503 && System.nanoTime() < deadline);
    assertEquals(201, retried.statusCode(), retried.body());
  }

  @Test
  void wrongMethodIs405() throws Exception {
    assertProblem(send(request("/v1/namespaces").DELETE()), 405, "");
    assertProblem(send(request("/v1/namespaces/default").POST(HttpRequest.BodyPublishers.ofString("{}"))), 405,
        "");
  }
}
