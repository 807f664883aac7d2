package io.cohort.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.cohort.core.partition.PartitionReply;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.junit.jupiter.api.Test;

class ReplyResponsesTest {

  @Test
  void noMajorityIsUnavailable() throws Exception {
    HttpResponse response = ReplyResponses.toResponse(new PartitionReply.NoMajority(5, "node X reaches 1 of 3"));

    JsonNode body = body(response);
    assertEquals(503, response.status().intValue());
    assertEquals("application/problem+json", response.entity().getContentType().mediaType().toString());
    assertEquals("urn:cohort:problem:no-majority", body.get("type").asText());
    assertEquals(5, body.get("partition").asInt());
    assertEquals("1", response.getHeader("Retry-After").orElseThrow().value());
  }

  @Test
  void outcomeUnknownNamesTheKey() throws Exception {
    HttpResponse response = ReplyResponses.toResponse(
        new PartitionReply.OutcomeUnknown(5, "cart-7", "node X reaches 1 of 3"));

    JsonNode body = body(response);
    assertEquals(503, response.status().intValue());
    assertEquals("urn:cohort:problem:outcome-unknown", body.get("type").asText());
    assertEquals("cart-7", body.get("key").asText());
    assertEquals(true, body.get("detail").asText().contains("read the key before you retry"),
        body.get("detail").asText());
  }

  @Test
  void movingPartitionAsksForARetry() throws Exception {
    HttpResponse response = ReplyResponses.toResponse(new PartitionReply.Moving(9));

    JsonNode body = body(response);
    assertEquals(503, response.status().intValue());
    assertEquals("urn:cohort:problem:unavailable", body.get("type").asText());
    assertEquals(true, body.get("detail").asText().contains("partition 9 is moving"), body.get("detail").asText());
    assertEquals("1", response.getHeader("Retry-After").orElseThrow().value());
  }

  private static JsonNode body(HttpResponse response) throws Exception {
    HttpEntity.Strict entity = (HttpEntity.Strict) response.entity();
    return Problems.MAPPER.readTree(entity.getData().toArray());
  }
}
