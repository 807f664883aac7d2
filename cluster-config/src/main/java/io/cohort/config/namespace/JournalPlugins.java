package io.cohort.config.namespace;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.Locale;

/**
 * Names and generates the Cassandra journal plugins that namespaces write to. A plugin of
 * pekko-persistence-cassandra fixes its keyspace, replication factor and the driver profiles of its reads
 * and writes, and the plugin reads them from the actor system's configuration when it starts, so every
 * combination a namespace may choose exists in the configuration from the start:
 * {@code cohort.journals.<level>-rf<N>-w<write>-r<recovery>}, a copy of {@code pekko.persistence.cassandra}
 * with keyspaces {@code cohort_<level>_rf<N>} and {@code cohort_<level>_rf<N>_snapshot}.
 *
 * <p>Every level has keyspaces of its own, so an operator can tell the data of a level apart in Cassandra.
 * Namespaces of one level and replication factor share the keyspaces; their persistence ids differ.
 * A plugin opens its Cassandra session only when a partition first uses it.
 */
public final class JournalPlugins {
  /** Config path under which the generated plugins live. */
  public static final String ROOT = "cohort.journals";
  /** Config path of the plugin every plugin copies. */
  public static final String TEMPLATE = "pekko.persistence.cassandra";

  private JournalPlugins() {}

  /** Returns the config path of the plugin that {@code spec} writes to, the parent of its journal and snapshot. */
  public static String pathOf(NamespaceSpec spec) {
    return ROOT + "." + blockName(spec.level(), spec.replicationFactor(), spec.writeConsistency(),
        spec.recoveryConsistency());
  }

  /** Returns the journal plugin id of {@code spec}. */
  public static String journalOf(NamespaceSpec spec) {
    return pathOf(spec) + ".journal";
  }

  /** Returns the snapshot store plugin id of {@code spec}. */
  public static String snapshotOf(NamespaceSpec spec) {
    return pathOf(spec) + ".snapshot";
  }

  /** Returns the journal keyspace of a level and replication factor, such as {@code cohort_semi_sync_rf3}. */
  public static String keyspaceOf(ConsistencyLevel level, int replicationFactor) {
    return "cohort_" + level.id().replace('-', '_') + "_rf" + replicationFactor;
  }

  /**
   * Returns the unresolved plugin blocks for every level, replication factor up to
   * {@link NamespaceSpec#MAX_REPLICATION_FACTOR} and pair of consistency levels it allows. Resolve it
   * together with a configuration that contains {@link #TEMPLATE}.
   */
  public static Config generate() {
    StringBuilder hocon = new StringBuilder();
    for (ReplicaConsistency consistency : ReplicaConsistency.values()) {
      // The journal uses neither counters nor collections, so its statements may be retried.
      hocon.append("datastax-java-driver.profiles.").append(profileOf(consistency)).append(".basic.request {")
          .append(" consistency = ").append(consistency.name()).append(", default-idempotence = true }\n");
    }
    for (ConsistencyLevel level : ConsistencyLevel.values()) {
      for (int rf = level.minReplicationFactor(); rf <= NamespaceSpec.MAX_REPLICATION_FACTOR; rf++) {
        for (ReplicaConsistency write : ReplicaConsistency.values()) {
          for (ReplicaConsistency recovery : ReplicaConsistency.values()) {
            if (write.replicas(rf) <= rf && recovery.replicas(rf) <= rf) {
              appendBlock(hocon, level, rf, write, recovery);
            }
          }
        }
      }
    }
    return ConfigFactory.parseString(hocon.toString());
  }

  /** Returns the driver profile name that sets {@code consistency}, defined by {@link #generate()}. */
  public static String profileOf(ReplicaConsistency consistency) {
    return "cohort-" + consistency.name().toLowerCase(Locale.ROOT);
  }

  private static String blockName(ConsistencyLevel level, int rf, ReplicaConsistency write,
      ReplicaConsistency recovery) {
    return level.id() + "-rf" + rf + "-w" + write.name().toLowerCase(Locale.ROOT)
        + "-r" + recovery.name().toLowerCase(Locale.ROOT);
  }

  private static void appendBlock(StringBuilder hocon, ConsistencyLevel level, int rf, ReplicaConsistency write,
      ReplicaConsistency recovery) {
    String path = ROOT + "." + blockName(level, rf, write, recovery);
    String keyspace = keyspaceOf(level, rf);
    hocon.append(path).append(" = ${").append(TEMPLATE).append("}\n")
        .append(path).append(" {\n")
        .append("  write-profile = ").append(profileOf(write)).append('\n')
        .append("  read-profile = ").append(profileOf(recovery)).append('\n')
        .append("  journal.keyspace = ").append(keyspace).append('\n')
        .append("  journal.replication-factor = ").append(rf).append('\n')
        .append("  snapshot.keyspace = ").append(keyspace).append("_snapshot\n")
        .append("  snapshot.replication-factor = ").append(rf).append('\n')
        .append("  snapshot.write-profile = ").append(profileOf(write)).append('\n')
        .append("  snapshot.read-profile = ").append(profileOf(recovery)).append('\n')
        .append("}\n");
  }
}
