package io.cohort.chaos.bench;

import java.util.List;

/** Node settings a failover run uses: Cohort's own defaults, or Pekko's defaults for what Cohort tunes. */
enum FailoverProfile {
  /** Cohort's defaults from pekko-defaults.conf: 500 ms heartbeats, 3 s stable-after, 2 s removal margin. */
  COHORT(List.of()),

  /** Cohort with partition leases and no removal margin, which the lease makes safe. */
  COHORT_LEASE(List.of(
      "cohort.partitions.lease = \"cohort.lease.cassandra\"",
      "pekko.cluster.split-brain-resolver.stable-after = 2s",
      "pekko.cluster.split-brain-resolver.down-removal-margin = 0s")),

  /** Pekko 1.2's reference values for every failover setting Cohort changes. */
  PEKKO_DEFAULTS(List.of(
      "pekko.cluster.failure-detector.heartbeat-interval = 1s",
      "pekko.cluster.failure-detector.acceptable-heartbeat-pause = 3s",
      "pekko.cluster.split-brain-resolver.stable-after = 20s",
      "pekko.cluster.split-brain-resolver.down-removal-margin = off",
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
