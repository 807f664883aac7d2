package io.cohort.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class ClusterRoutesTest extends SingleNodeHttpTest {

  @Test
  void clusterListsSelfAsUpWithPartitions() throws Exception {
    send(putJson("/v1/kv/somekey", "1"));
    HttpResponse<String> response = send(request("/v1/cluster").GET());
    assertEquals(200, response.statusCode());
    JsonNode body = MAPPER.readTree(response.body());
    assertEquals(1, body.get("members").size());
    JsonNode member = body.get("members").get(0);
    assertEquals(body.get("self").asText(), member.get("address").asText());
    assertEquals("Up", member.get("status").asText());
    assertTrue(member.get("partitions").asInt() >= 1, response.body());
    assertTrue(member.get("reachable").asBoolean());
  }

  @Test
  void readyOnceUpWithJournal() throws Exception {
    HttpResponse<String> response = send(request("/health/ready").GET());
    assertEquals(200, response.statusCode());
    JsonNode body = MAPPER.readTree(response.body());
    assertTrue(body.get("ready").asBoolean());
    assertEquals("Up", body.get("memberStatus").asText());
  }

  @Test
  void liveAlwaysAnswers() throws Exception {
    assertEquals(200, send(request("/health/live").GET()).statusCode());
  }
}
