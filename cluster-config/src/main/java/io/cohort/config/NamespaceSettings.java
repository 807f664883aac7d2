package io.cohort.config;

import com.typesafe.config.Config;
import io.cohort.config.namespace.ConsistencyLevel;
import io.cohort.config.namespace.NamespaceSpec;
import java.time.Duration;

/**
 * Defaults of new namespaces and the settings of the namespace registry.
 *
 * @param defaultPartitions partition count of a namespace created without one
 * @param defaultLevel consistency level of a namespace created without one
 * @param registryPlugin config path of the Cassandra plugin the registry writes to; empty for the default plugins
 * @param perLevelJournals whether namespaces write to the Cassandra plugins of their level, or all to the
 *     node's default journal
 * @param refresh how often a node polls the registry besides listening to its updates
 */
public record NamespaceSettings(int defaultPartitions, ConsistencyLevel defaultLevel, String registryPlugin,
    boolean perLevelJournals, Duration refresh) {

  static NamespaceSettings fromConfig(Config config) {
    ConfigValues values = new ConfigValues(config, "cohort.namespaces");
    String level = values.nonEmptyString("default-level");
    return new NamespaceSettings(
        values.intBetween("default-partitions", 1, NamespaceSpec.MAX_PARTITIONS),
        ConsistencyLevel.parse(level).orElseThrow(() -> new SettingsException("cohort.namespaces.default-level = "
            + level + " is unknown; use one of " + ConsistencyLevel.names())),
        values.string("registry-plugin"),
        values.bool("per-level-journals"),
        values.positiveDuration("refresh"));
  }
}
