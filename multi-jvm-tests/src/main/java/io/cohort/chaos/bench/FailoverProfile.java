package io.cohort.chaos.bench;

import java.util.List;

/** Node settings a failover run uses: Cohort's own defaults, or Pekko's defaults for what Cohort tunes. */
enum FailoverProfile {
  /** Cohort's defaults: 300 ms heartbeats, Cohort's downing provider with 1.5 s stable-after, 100 ms margin. */
  COHORT(List.of()),

  /** Cohort's defaults with a Cassandra lease per partition. */
  COHORT_LEASE(List.of("cohort.partitions.lease = \"cohort.lease.cassandra\"")),

  /** Pekko 1.2's reference values for every failover setting Cohort changes. */
  PEKKO_DEFAULTS(List.of(
      "pekko.cluster.downing-provider-class = \"org.apache.pekko.cluster.sbr.SplitBrainResolverProvider\"",
      "pekko.cluster.failure-detector.heartbeat-interval = 1s",
      "pekko.cluster.failure-detector.acceptable-heartbeat-pause = 3s",
      "pekko.cluster.unreachable-nodes-reaper-interval = 1s",
      "pekko.cluster.leader-actions-interval = 1s",
      "pekko.cluster.gossip-interval = 1s",
      "pekko.cluster.split-brain-resolver.stable-after = 20s",
      "pekko.cluster.down-removal-margin = off",
      "pekko.cluster.sharding.retry-interval = 2s"));

  private final List<String> settings;

  FailoverProfile(List<String> settings) {
    this.settings = settings;
  }

  List<String> settings() {
    return settings;
  }

  String label() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }

  static FailoverProfile fromLabel(String label) {
    for (FailoverProfile profile : values()) {
      if (profile.label().equals(label)) {
        return profile;
      }
    }
    throw new IllegalArgumentException("unknown profile [" + label + "]; use cohort, cohort-lease or pekko-defaults");
  }
}
