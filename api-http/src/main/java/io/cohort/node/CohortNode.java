package io.cohort.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.cohort.config.CohortSettings;
import io.cohort.config.namespace.NamespaceRules;
import io.cohort.core.namespace.Namespace;
import io.cohort.core.namespace.NamespaceAdmin;
import io.cohort.core.namespace.Namespaces;
import io.cohort.core.sharding.KeyValueService;
import io.cohort.core.sharding.NamespaceStorage;
import io.cohort.http.NamespaceRoutes;
import io.cohort.persistence.CassandraSchema;
import io.cohort.persistence.ReplicaMonitor;
import io.cohort.core.partition.PartitionEntity;
import io.cohort.core.routing.RoutingTracker;
import io.cohort.http.ClusterRoutes;
import io.cohort.http.CohortRoutes;
import io.cohort.http.KeyValueRoutes;
import io.cohort.http.NodeRouting;
import io.cohort.http.RoutingRoutes;
import io.cohort.persistence.JournalHealth;
import io.cohort.http.ProblemParsingErrorHandler;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Cohort node: the actor system with its cluster membership, the partition shard region (hosting
 * partitions when the node has their role, routing to them otherwise), the routing tracker and the HTTP
 * server. Coordinated shutdown stops the HTTP server first, then hands partitions over and leaves.
 */
public final class CohortNode implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CohortNode.class);
  private static final String FRAME_SIZE_KEY = "pekko.remote.artery.advanced.maximum-frame-size";
  private static final String URI_LENGTH_KEY = "pekko.http.server.parsing.max-uri-length";
  private static final String ERROR_HANDLER_KEY = "pekko.http.server.parsing.error-handler";
  /** Room in a frame for the key, the reply address and Pekko's envelope around a value. */
  private static final long FRAME_HEADROOM_BYTES = 64 * 1024;

  private static final Duration JOURNAL_PROBE_TIMEOUT = Duration.ofSeconds(2);

  private final ActorSystem<Void> system;
  private final KeyValueService keyValue;
  private final NamespaceAdmin namespaces;
  private final ServerBinding binding;

  private CohortNode(ActorSystem<Void> system, KeyValueService keyValue, NamespaceAdmin namespaces,
      ServerBinding binding) {
    this.system = system;
    this.keyValue = keyValue;
    this.namespaces = namespaces;
    this.binding = binding;
  }

  /**
   * Starts a node in this JVM from a fully resolved configuration, such as
   * {@code CohortConfig.withDefaults(applicationConfig)}, with the journal query as its readiness probe.
   * Applications that embed a node use this; see {@link #keyValue()} for the Java API.
   */
  public static CohortNode start(Config config) {
    return start(config, system -> () -> JournalHealth.isReachable(system, JOURNAL_PROBE_TIMEOUT));
  }

  /**
   * Starts a node from a fully resolved configuration and, unless {@code cohort.node.http.enabled} is off,
   * waits until its HTTP port is bound.
   *
   * @param journalCheck builds the readiness probe of the journal for the new actor system
   */
  public static CohortNode start(
      Config config, Function<ActorSystem<?>, Supplier<CompletionStage<Boolean>>> journalCheck) {
    CohortSettings settings = CohortSettings.fromConfig(config);
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "cohort", withTransportLimits(config, settings));
    try {
      KeyValueService service = startKeyValue(system, settings);
      NamespaceAdmin namespaces = startNamespaces(system, settings, service);
      ServerBinding binding = settings.node().httpEnabled()
          ? startHttp(system, settings, service, namespaces, journalCheck.apply(system))
          : null;
      return new CohortNode(system, service, namespaces, binding);
    } catch (Exception e) {
      system.terminate();
      throw new IllegalStateException("node failed to start: " + e.getMessage(), e);
    }
  }

  private static KeyValueService startKeyValue(ActorSystem<Void> system, CohortSettings settings) {
    Namespace defaultNamespace = KeyValueService.defaultNamespace(settings.partitions(),
        settings.cassandra().replicationFactor(), settings.limits().maxValueBytes());
    NamespaceStorage storage = settings.namespaces().perLevelJournals()
        ? perLevelStorage(system)
        : NamespaceStorage.defaultPlugins();
    return KeyValueService.start(system, settings.partitions(), settings.node().requestTimeout(), storage,
        defaultNamespace);
  }

  private static NamespaceStorage perLevelStorage(ActorSystem<Void> system) {
    ReplicaMonitor monitor = ReplicaMonitor.start(system);
    return NamespaceStorage.perLevel(monitor::missing, path -> CassandraSchema.ensure(system, path),
        monitor::tooFewNodes);
  }

  private static NamespaceAdmin startNamespaces(ActorSystem<Void> system, CohortSettings settings,
      KeyValueService service) {
    String plugin = settings.namespaces().registryPlugin();
    Namespaces.RegistrySettings registry = new Namespaces.RegistrySettings(
        plugin.isEmpty() ? "" : plugin + ".journal",
        plugin.isEmpty() ? "" : plugin + ".snapshot",
        settings.partitions().role(),
        settings.namespaces().refresh(),
        settings.node().requestTimeout());
    return Namespaces.start(system, service, new NamespaceRules(settings.namespaceDefaults()), registry);
  }

  private static ServerBinding startHttp(ActorSystem<Void> system, CohortSettings settings, KeyValueService service,
      NamespaceAdmin namespaces, Supplier<CompletionStage<Boolean>> journalCheck) throws Exception {
    NodeRouting routing = new NodeRouting();
    KeyValueRoutes keyValue = new KeyValueRoutes(service, namespaces.directory(), settings.limits(),
        settings.node().requestTimeout(), routing);
    NamespaceRoutes namespaceRoutes = new NamespaceRoutes(namespaces,
        new NamespaceRules(settings.namespaceDefaults()));
    ClusterRoutes cluster = new ClusterRoutes(system, journalCheck);
    RoutingRoutes routingRoutes = new RoutingRoutes(system, routing, settings.partitions().count());
    ServerBinding binding = Http.get(system)
        .newServerAt(settings.node().httpHost(), settings.node().httpPort())
        .bind(new CohortRoutes(keyValue, namespaceRoutes, cluster, routingRoutes).routes())
        .toCompletableFuture()
        .get(30, java.util.concurrent.TimeUnit.SECONDS);
    binding.addToCoordinatedShutdown(Duration.ofSeconds(5), system);
    String endpoint = "http://" + settings.node().clientHost() + ":" + binding.localAddress().getPort();
    routing.selfEndpoint(endpoint);
    system.systemActorOf(RoutingTracker.create(endpoint, PartitionEntity.TYPE_KEY, service.placementGroups(),
        settings.node().routingRefresh(), routing::update), "routing", Props.empty());
    log.info("node {}: HTTP API listening on {}", system.address(), endpoint);
    return binding;
  }

  /**
   * Raises Pekko's transport limits to fit Cohort's own: a value travels between nodes in one Artery frame
   * (256 KiB by default), and a percent-encoded key can take three URI characters per byte (2,048 characters
   * by default). Larger configured limits are kept. Also makes requests that cannot be parsed get a problem
   * body like every other error.
   */
  static Config withTransportLimits(Config config, CohortSettings settings) {
    long frameBytes = Math.max(config.getBytes(FRAME_SIZE_KEY),
        settings.limits().maxValueBytes() + 4L * settings.limits().maxKeyBytes() + FRAME_HEADROOM_BYTES);
    // Pekko HTTP reads server.parsing as overrides of the shared pekko.http.parsing block.
    long configuredUriLength = config.getBytes(
        config.hasPath(URI_LENGTH_KEY) ? URI_LENGTH_KEY : "pekko.http.parsing.max-uri-length");
    long uriLength = Math.max(configuredUriLength, 3L * settings.limits().maxKeyBytes() + 256);
    return ConfigFactory.parseMap(java.util.Map.of(
            FRAME_SIZE_KEY, frameBytes,
            URI_LENGTH_KEY, uriLength,
            ERROR_HANDLER_KEY, ProblemParsingErrorHandler.class.getName()))
        .withFallback(config);
  }

  public ActorSystem<Void> system() {
    return system;
  }

  /** The bound HTTP address; fails when the node runs without HTTP. */
  public InetSocketAddress httpAddress() {
    if (binding == null) {
      throw new IllegalStateException("this node runs without HTTP (cohort.node.http.enabled = off)");
    }
    return binding.localAddress();
  }

  /**
   * Returns the typed Java API over the cluster's data: get, put and delete with their conditions. Requests
   * go through Cluster Sharding to the partition's node without HTTP, and each reply is a
   * {@code CompletionStage}.
   */
  public KeyValueService keyValue() {
    return keyValue;
  }

  /** Returns the namespace administration API: create, change and delete namespaces. */
  public NamespaceAdmin namespaces() {
    return namespaces;
  }

  /** Completes when the actor system has terminated, after coordinated shutdown or downing. */
  public CompletionStage<Done> whenTerminated() {
    return system.getWhenTerminated();
  }

  /** Runs coordinated shutdown (leave the cluster, hand partitions over) and waits up to a minute for it. */
  @Override
  public void close() {
    try {
      CoordinatedShutdown.get(system).runAll(CoordinatedShutdown.unknownReason())
          .toCompletableFuture().get(60, java.util.concurrent.TimeUnit.SECONDS);
    } catch (Exception e) {
      log.warn("node {}: coordinated shutdown did not finish cleanly: {}", system.address(), e.toString());
      system.terminate();
    }
  }
}
