package io.cohort.multijvm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.cohort.chaos.harness.ChaosCluster;
import io.cohort.chaos.harness.KvHttp;
import io.cohort.config.CohortConfig;
import io.cohort.core.partition.PartitionReply;
import io.cohort.core.partition.Precondition;
import io.cohort.core.sharding.KeyValueService;
import io.cohort.node.CohortNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.junit.jupiter.api.Test;

/**
 * An application JVM (this test) embeds a node without the data role, joins a cluster of two node processes,
 * and reads and writes through the Java API over Cluster Sharding, without HTTP.
 */
class EmbeddedNodeTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String APP_HOST = "127.0.0.20";

  @Test
  void embeddedNodeUsesClusterData() throws Exception {
    try (ChaosCluster cluster = new ChaosCluster(Path.of("target", "embedded-node"), List.of())) {
      cluster.startCassandra();
      cluster.startNodes(2, Duration.ofSeconds(180));
      CohortNode app = startLikeReadme(APP_HOST,
          "pekko://cohort@" + ChaosCluster.addressOf(1) + ":" + ChaosCluster.ARTERY_PORT);
      try {
        awaitUp(app, Duration.ofSeconds(60));
        KeyValueService data = app.keyValue();

        PartitionReply created = awaitReply(data, "embedded:0", "{\"n\":0}");
        assertInstanceOf(PartitionReply.PutAccepted.class, created);
        for (int i = 1; i < 40; i++) {
          PartitionReply reply = join(data.put("embedded:" + i, json("{\"n\":" + i + "}"), Precondition.NONE));
          assertInstanceOf(PartitionReply.PutAccepted.class, reply, "put embedded:" + i);
        }
        for (int i = 0; i < 40; i++) {
          PartitionReply reply = join(data.get("embedded:" + i));
          PartitionReply.Found found = assertInstanceOf(PartitionReply.Found.class, reply, "get embedded:" + i);
          assertArrayEquals(json("{\"n\":" + i + "}"), found.value());
          KvHttp.Result overHttp = KvHttp.get(cluster.node(1 + i % 2).baseUrl(), "embedded:" + i);
          assertEquals(200, overHttp.status(), overHttp.body());
          assertEquals("{\"n\":" + i + "}", overHttp.body());
        }

        long version = ((PartitionReply.PutAccepted) created).version();
        PartitionReply stale = join(data.put("embedded:0", json("1"), Precondition.ifVersion(version + 1000)));
        assertInstanceOf(PartitionReply.VersionConflict.class, stale);
        PartitionReply deleted = join(data.delete("embedded:1", Precondition.NONE));
        assertInstanceOf(PartitionReply.DeleteAccepted.class, deleted);
        assertEquals(404, KvHttp.get(cluster.node(1).baseUrl(), "embedded:1").status());

        String appAddress = Cluster.get(app.system()).selfMember().address().toString();
        assertNoPartitionOn(cluster.node(1).baseUrl(), appAddress);
        assertAppListedWithoutRole(cluster.node(2).baseUrl(), appAddress);
      } finally {
        app.close();
      }
    }
  }

  /** Embeds a node without the data role and without HTTP, with the lines the README shows. */
  private static CohortNode startLikeReadme(String appHost, String seedNode) {
    // README example start
    Config config = CohortConfig.withDefaults(ConfigFactory.parseString(String.join("\n",
        "pekko.remote.artery.canonical.hostname = \"" + appHost + "\"",
        "pekko.remote.artery.canonical.port = 25520",
        "pekko.remote.artery.advanced.tcp.outbound-client-hostname = \"" + appHost + "\"",
        "pekko.cluster.seed-nodes = [\"" + seedNode + "\"]",
        "pekko.cluster.roles = []",              // route to partitions, host none
        "cohort.node.http.enabled = off")))      // no HTTP API in the application
        .resolve();
    CohortNode node = CohortNode.start(config);
    // README example end
    return node;
  }

  private static void awaitUp(CohortNode app, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (Cluster.get(app.system()).selfMember().status() == MemberStatus.up()) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the embedded node did not become Up within " + timeout.toSeconds() + " s");
  }

  /** Retries the first write while the new member's region learns where partitions run. */
  private static PartitionReply awaitReply(KeyValueService data, String key, String value) throws Exception {
    Exception last = null;
    for (int attempt = 0; attempt < 20; attempt++) {
      try {
        return join(data.put(key, json(value), Precondition.NONE));
      } catch (Exception e) {
        last = e;
        Thread.sleep(500);
      }
    }
    throw new AssertionError("the embedded node could not write " + key + " in 20 attempts", last);
  }

  private static void assertNoPartitionOn(String baseUrl, String appAddress) throws Exception {
    JsonNode routing = MAPPER.readTree(KvHttp.getPath(baseUrl, "/v1/routing").body());
    assertTrue(routing.get("partitions").size() > 0, routing.toString());
    for (JsonNode route : routing.get("partitions")) {
      assertFalse(appAddress.equals(route.get("node").asText()), "partition runs on the embedded node: " + route);
    }
  }

  private static void assertAppListedWithoutRole(String baseUrl, String appAddress) throws Exception {
    JsonNode view = MAPPER.readTree(KvHttp.getPath(baseUrl, "/v1/cluster").body());
    for (JsonNode member : view.get("members")) {
      if (member.get("address").asText().equals(appAddress)) {
        // Pekko gives every member the role of its data center, "dc-default".
        for (JsonNode role : member.get("roles")) {
          assertFalse(role.asText().equals("data"), member.toString());
        }
        return;
      }
    }
    throw new AssertionError("the embedded node " + appAddress + " is not a member: " + view);
  }

  private static PartitionReply join(java.util.concurrent.CompletionStage<PartitionReply> reply) throws Exception {
    return reply.toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static byte[] json(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
