package io.cohort.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.cohort.partitioning.Partitioner;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RoutingRoutesTest extends SingleNodeHttpTest {

  @Test
  void routingTableListsAStartedPartitionOnThisNode() throws Exception {
    String key = "routing:table";
    int partition = new Partitioner(16).partitionOf(key);
    assertEquals(201, send(putJson("/v1/kv/" + key, "1")).statusCode());
    JsonNode route = awaitRoute(partition);
    assertEquals(baseUrl, route.get("endpoint").asText());
    JsonNode table = MAPPER.readTree(send(request("/v1/routing").GET()).body());
    assertEquals(16, table.get("partitionCount").asInt());
    assertTrue(table.get("epoch").asLong() > 0, table.toString());
    JsonNode self = table.get("nodes").get(0);
    assertEquals(baseUrl, self.get("endpoint").asText());
    assertEquals("Up", self.get("status").asText());
    assertEquals(route.get("node").asText(), self.get("address").asText());
  }

  @Test
  void keyResponsesNameThePartitionAndItsOwner() throws Exception {
    String key = "routing:headers";
    int partition = new Partitioner(16).partitionOf(key);
    send(putJson("/v1/kv/" + key, "2"));
    awaitRoute(partition);
    HttpResponse<String> response = send(request("/v1/kv/" + key).GET());
    assertEquals(200, response.statusCode());
    assertEquals(Integer.toString(partition), response.headers().firstValue("Cohort-Partition").orElse(""));
    assertEquals(baseUrl, response.headers().firstValue("Cohort-Owner").orElse(""));
    assertTrue(Long.parseLong(response.headers().firstValue("Cohort-Routing-Epoch").orElse("0")) > 0);
    HttpResponse<String> missing = send(request("/v1/kv/routing:absent").GET());
    assertEquals(404, missing.statusCode());
    assertTrue(missing.headers().firstValue("Cohort-Partition").isPresent(), missing.headers().toString());
  }

  @Test
  void redirectRequestToTheOwnerItselfIsServed() throws Exception {
    String key = "routing:redirect";
    int partition = new Partitioner(16).partitionOf(key);
    send(putJson("/v1/kv/" + key, "3"));
    awaitRoute(partition);
    HttpResponse<String> response = send(request("/v1/kv/" + key).header("Cohort-Redirect", "true").GET());
    assertEquals(200, response.statusCode());
    assertFalse(response.headers().firstValue("Location").isPresent());
  }

  private static JsonNode awaitRoute(int partition) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode table = MAPPER.readTree(send(request("/v1/routing").GET()).body());
      for (JsonNode route : table.get("partitions")) {
        if (route.get("partition").asInt() == partition && route.hasNonNull("endpoint")) {
          return route;
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("partition " + partition + " did not appear in /v1/routing within 10 s");
  }
}
