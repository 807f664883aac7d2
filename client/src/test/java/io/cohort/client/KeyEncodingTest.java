package io.cohort.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Percent-encoding of keys, checked both as strings and as the raw path the server receives. */
class KeyEncodingTest {
  private static final List<String[]> KEYS_AND_SEGMENTS = List.of(
      new String[] {"plain-Key_1.0~", "plain-Key_1.0~"},
      new String[] {"a/b", "a%2Fb"},
      new String[] {"100%", "100%25"},
      new String[] {"what?x=1#y", "what%3Fx%3D1%23y"},
      new String[] {"with space+plus", "with%20space%2Bplus"},
      new String[] {"ключ", "%D0%BA%D0%BB%D1%8E%D1%87"},
      new String[] {"\uD83D\uDE00", "%F0%9F%98%80"},
      new String[] {"a..b", "a..b"},
      new String[] {"...", "..."});

  @Test
  void dotSegmentKeysAreRejected() throws Exception {
    try (FakeCohortCluster cluster = FakeCohortCluster.start(1);
        CohortClient client = new CohortClient(TestClients.configFor(cluster).build())) {
      assertThrows(IllegalArgumentException.class, () -> client.get("."));
      assertThrows(IllegalArgumentException.class, () -> client.put("..", "1"));
      assertEquals(0, cluster.requestsWith("PUT").size());
    }
  }

  @Test
  void encodeSegmentUsesUppercaseEscapes() {
    for (String[] keyAndSegment : KEYS_AND_SEGMENTS) {
      assertEquals(keyAndSegment[1], KeyPaths.encodeSegment(keyAndSegment[0]), "key " + keyAndSegment[0]);
    }
  }

  @Test
  void oddKeysReachServerAsOneSegment() throws Exception {
    try (FakeCohortCluster cluster = FakeCohortCluster.start(1);
        CohortClient client = new CohortClient(TestClients.configFor(cluster).build())) {
      for (String[] keyAndSegment : KEYS_AND_SEGMENTS) {
        String key = keyAndSegment[0];
        client.blocking().put(key, "\"" + keyAndSegment[1] + "\"");

        List<FakeCohortCluster.ReceivedRequest> puts = cluster.requestsWith("PUT");
        String rawPath = puts.get(puts.size() - 1).rawPath();
        assertEquals("/v1/kv/" + keyAndSegment[1], rawPath, "key " + key);
        assertFalse(rawPath.substring("/v1/kv/".length()).contains("/"), "key " + key);
        assertEquals("\"" + keyAndSegment[1] + "\"", client.blocking().get(key).orElseThrow().json(), "key " + key);
      }
    }
  }
}
