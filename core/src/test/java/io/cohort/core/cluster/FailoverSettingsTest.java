package io.cohort.core.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.cohort.config.CohortConfig;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.cluster.ClusterSettings;
import org.junit.jupiter.api.Test;

/**
 * Reads Cohort's failover settings the way Pekko does, so that a value placed under a path Pekko ignores
 * fails here. A removal margin under split-brain-resolver once went unread, and the margin silently
 * became stable-after.
 */
class FailoverSettingsTest {
  private static final Config CONFIG = CohortConfig.withDefaults(ConfigFactory.empty());
  private static final ClusterSettings CLUSTER = new ClusterSettings(CONFIG, "cohort");

  @Test
  void removalMarginIsTheConfiguredOne() {
    assertEquals(100, CLUSTER.DownRemovalMargin().toMillis());
  }

  @Test
  void restartedFirstSeedWaitsForTheCluster() {
    assertEquals(20, CLUSTER.SeedNodeTimeout().toSeconds());
  }

  @Test
  void cohortDowningProviderIsSelected() {
    assertEquals(CohortDowningProvider.class.getName(), CLUSTER.DowningProviderClassName());
  }

  @Test
  void membershipTicksAreShort() {
    assertEquals(100, CLUSTER.UnreachableNodesReaperInterval().toMillis());
    assertEquals(100, CLUSTER.LeaderActionsInterval().toMillis());
    assertEquals(250, CLUSTER.GossipInterval().toMillis());
    assertEquals(300, CLUSTER.HeartbeatInterval().toMillis());
  }

  @Test
  void resolverWaitsLongerThanAShortPauseIsUnreachable() {
    long stableAfter = CONFIG.getDuration("cohort.downing.stable-after", TimeUnit.MILLISECONDS);
    long pause = CONFIG.getDuration("pekko.cluster.failure-detector.acceptable-heartbeat-pause", TimeUnit.MILLISECONDS);
    assertEquals(1500, stableAfter);
    assertEquals(800, pause);
  }
}
