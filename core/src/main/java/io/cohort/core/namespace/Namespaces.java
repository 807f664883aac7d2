package io.cohort.core.namespace;

import io.cohort.config.namespace.NamespaceRules;
import io.cohort.core.sharding.KeyValueService;
import java.time.Duration;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.ClusterSingletonSettings;
import org.apache.pekko.cluster.typed.SingletonActor;

/**
 * Starts the namespace machinery of one node: the registry singleton (on the oldest node with
 * {@code registryRole}, or the oldest node when the role is empty, with the next oldest as its standby), the
 * node's directory and the actor that keeps the directory current.
 */
public final class Namespaces {
  private Namespaces() {}

  /**
   * Registry settings of a node.
   *
   * @param journalPluginId journal of the registry; empty for the default plugin
   * @param snapshotPluginId snapshot store of the registry; empty for the default plugin
   * @param role role of the nodes that may run the registry; empty for all
   * @param refresh how often the directory polls the registry besides listening to its updates
   * @param timeout bound on each request to the registry
   */
  public record RegistrySettings(String journalPluginId, String snapshotPluginId, String role, Duration refresh,
      Duration timeout) {}

  public static NamespaceAdmin start(ActorSystem<?> system, KeyValueService keyValue, NamespaceRules rules,
      RegistrySettings settings) {
    SingletonActor<RegistryCommand> singleton = SingletonActor.of(
        NamespaceRegistry.create(rules, settings.journalPluginId(), settings.snapshotPluginId()),
        "namespace-registry");
    if (!settings.role().isEmpty()) {
      singleton = singleton.withSettings(ClusterSingletonSettings.create(system).withRole(settings.role()));
    }
    ActorRef<RegistryCommand> registry = ClusterSingleton.get(system).init(singleton);
    NamespaceDirectory directory = new NamespaceDirectory(system, keyValue.defaultNamespace(), registry,
        settings.timeout(), keyValue::ensureStarted);
    system.systemActorOf(DirectoryUpdater.create(directory, settings.refresh()), "namespace-directory",
        Props.empty());
    return new NamespaceAdmin(system, directory, keyValue, settings.timeout());
  }
}
