package io.cohort.multijvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.cohort.chaos.harness.ChaosCluster;
import io.cohort.chaos.harness.JournalAudit;
import io.cohort.chaos.harness.PartitionProbes;
import io.cohort.chaos.harness.Workload;
import io.cohort.chaos.history.History;
import io.cohort.local.NodeProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node stopped with SIGSTOP for 30 s is removed and its partitions move. When it resumes, its old
 * partition copies find their Cassandra leases expired and reject every request, and the node leaves by
 * itself. So clients that kept sending to it get no acknowledgement for partitions that moved. Runs with
 * the partition lease on.
 *
 * <p>A journal write that the paused node had handed to the Cassandra driver before SIGSTOP goes out on
 * SIGCONT, after another node has taken the partition over: one run found sequence number 29 of a partition
 * written by both nodes, 19 s apart. The lease is checked before a write starts and cannot fence one already
 * in flight. Pekko's replay filter ({@code replay-filter.mode = repair-by-discard-old}) drops the events of a
 * writer once a newer writer's events appear in the replay, so such a stale event never reaches a recovered
 * partition. The test therefore logs journals with two writers and then checks the property that matters:
 * after every node restarts and every partition replays its journal, each key reads as it did before.
 */
@org.junit.jupiter.api.Tag("chaos")
class LongPauseTest {
  private static final Logger log = LoggerFactory.getLogger(LongPauseTest.class);
  private static final Path DIR = Path.of("target", "long-pause");

  @Test
  void resumedNodeServesNothingStale() throws Exception {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      keys.add("paused-" + i);
    }
    try (ChaosCluster cluster = new ChaosCluster(DIR, List.of("cohort.partitions.lease = \"cohort.lease.cassandra\""))) {
      cluster.startCassandra();
      cluster.startNodes(3, Duration.ofSeconds(180));
      NodeProcess paused = cluster.node(3);

      // Clients 0 and 1 use node 1, 2 and 3 use node 2, and clients 4 and 5 the node that gets paused.
      CompletableFuture<History> clients = CompletableFuture.supplyAsync(() -> {
        try {
          return Workload.run(new Workload.Settings(6, keys, Duration.ofSeconds(70), 0.4, Workload.seed(5)),
              client -> cluster.node(1 + client / 2).baseUrl());
        } catch (Exception e) {
          throw new IllegalStateException("workload failed: " + e, e);
        }
      });
      Thread.sleep(10_000);
      cluster.pause(paused);
      Thread.sleep(30_000);
      long resumedAt = System.nanoTime();
      cluster.resume(paused);

      long deadline = resumedAt + Duration.ofSeconds(60).toNanos();
      while (paused.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(250);
      }
      assertFalse(paused.isAlive(), "the resumed node still runs 60 s after SIGCONT");
      log.info("phase pause: node-3 left by itself {} s after SIGCONT",
          Math.round((System.nanoTime() - resumedAt) / 1e8) / 10.0);

      History history = clients.get();
      Map<String, Optional<String>> beforeReplay =
          PartitionProbes.readAll(cluster.node(1).baseUrl(), keys, Duration.ofSeconds(90));
      HistoryAssertions.assertHolds("pause", history, beforeReplay, DIR.resolve("history.txt"));
      List<JournalAudit.Violation> overwrites =
          JournalAudit.findOverwrites(ChaosCluster.CASSANDRA_HOST, ChaosCluster.CQL_PORT);
      log.info("phase audit: {} journal events written by a writer that had been replaced: {}",
          overwrites.size(), overwrites);

      restartSurvivors(cluster);
      Map<String, Optional<String>> afterReplay =
          PartitionProbes.readAll(cluster.node(1).baseUrl(), keys, Duration.ofSeconds(90));
      assertEquals(beforeReplay, afterReplay, "values after every partition replayed its journal");
    }
  }

  /** Stops nodes 1 and 2 and starts them again, so every partition recovers from its journal. */
  private static void restartSurvivors(ChaosCluster cluster) throws Exception {
    for (int index = 1; index <= 2; index++) {
      cluster.node(index).requestStop();
    }
    for (int index = 1; index <= 2; index++) {
      cluster.node(index).stop(Duration.ofSeconds(60));
    }
    for (int index = 1; index <= 2; index++) {
      cluster.restart(index, Duration.ofSeconds(120));
    }
  }
}
