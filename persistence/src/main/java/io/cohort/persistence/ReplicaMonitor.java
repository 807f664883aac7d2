package io.cohort.persistence;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.metadata.Node;
import com.datastax.oss.driver.api.core.metadata.NodeState;
import com.typesafe.config.ConfigFactory;
import io.cohort.config.namespace.NamespaceSpec;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.time.Duration;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.Identify;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.pattern.Patterns;
import org.apache.pekko.persistence.Persistence;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSessionRegistry;

/**
 * Tells a partition, from the Cassandra driver's view of the cluster, whether enough journal replicas are up
 * for a write at its namespace's level. The driver marks a Cassandra node down as soon as its connections
 * close and up again when it reconnects. So a write that cannot reach its consistency level is rejected at
 * once, naming the nodes that are down, instead of waiting for Cassandra's write timeout.
 *
 * <p>NOTE: it counts every node of the Cassandra cluster as a replica, which holds when the replication
 * factor equals the node count, as in the three-node test cluster. With more nodes than replicas the count
 * can pass while a key's own replicas are down; Cassandra then rejects the write itself and the request ends
 * with the node's request timeout.
 */
public final class ReplicaMonitor {
  private final AtomicReference<CqlSession> session = new AtomicReference<>();

  private ReplicaMonitor() {}

  /**
   * Starts watching through the default journal plugin's session, which it lets the journal create first
   * (as {@link JournalHealth} does). Until the session is connected, every write may go ahead.
   */
  public static ReplicaMonitor start(ActorSystem<?> system) {
    ReplicaMonitor monitor = new ReplicaMonitor();
    ActorRef journal = Persistence.get(system.classicSystem())
        .journalFor(JournalConfig.PLUGIN_PATH + ".journal", ConfigFactory.empty());
    // The reply to Identify comes after the journal's constructor registered the session with its keyspace
    // and table creation. Requesting the session first would create one that skips them.
    Patterns.ask(journal, new Identify("replica-monitor"), Duration.ofMinutes(1))
        .thenCompose(identity -> CassandraSessionRegistry.get(system).sessionFor(JournalConfig.PLUGIN_PATH).underlying())
        .thenAccept(monitor.session::set);
    return monitor;
  }

  /**
   * Returns why {@code spec} cannot be served when its replication factor exceeds the number of Cassandra
   * nodes, such as on the one-node local cluster; empty when it fits or before the session is connected.
   */
  public Optional<String> tooFewNodes(NamespaceSpec spec) {
    CqlSession current = session.get();
    if (current == null) {
      return Optional.empty();
    }
    int nodes = current.getMetadata().getNodes().size();
    if (spec.replicationFactor() <= nodes) {
      return Optional.empty();
    }
    return Optional.of("replicationFactor " + spec.replicationFactor() + " exceeds the " + nodes
        + " node(s) of the Cassandra cluster, so no write or recovery could reach its replicas; use at most "
        + nodes + " or add Cassandra nodes first");
  }

  /** Implements {@code io.cohort.core.sharding.ReplicaCheck}. */
  public Optional<String> missing(NamespaceSpec spec) {
    CqlSession current = session.get();
    if (current == null) {
      return Optional.empty();
    }
    return missing(spec, current.getMetadata().getNodes().values());
  }

  /** Returns {@code host:port} of a node; the driver's own text starts with a slash. */
  private static String addressOf(Node node) {
    String text = node.getEndPoint().toString();
    return text.startsWith("/") ? text.substring(1) : text;
  }

  static Optional<String> missing(NamespaceSpec spec, Collection<Node> nodes) {
    List<String> down = nodes.stream()
        .filter(node -> node.getState() != NodeState.UP)
        .map(ReplicaMonitor::addressOf)
        .sorted()
        .toList();
    int up = nodes.size() - down.size();
    int needed = spec.writeReplicas();
    if (up >= needed) {
      return Optional.empty();
    }
    return Optional.of("namespace " + spec.name() + " (level " + spec.level().id() + ", writeConsistency "
        + spec.writeConsistency() + ", replicationFactor " + spec.replicationFactor() + ") needs " + needed
        + " journal replicas for a write, but only " + up + " of " + nodes.size() + " Cassandra nodes are up;"
        + " down: " + String.join(", ", down) + ". The write was not applied; retry once they are back");
  }
}
