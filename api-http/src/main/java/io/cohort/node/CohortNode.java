package io.cohort.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.cohort.config.CohortSettings;
import io.cohort.core.sharding.KeyValueService;
import io.cohort.http.ClusterRoutes;
import io.cohort.http.CohortRoutes;
import io.cohort.http.KeyValueRoutes;
import io.cohort.http.ProblemParsingErrorHandler;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Cohort node: the actor system with its cluster membership, the partition shard region and the
 * HTTP server. Coordinated shutdown stops the HTTP server first, then hands partitions over and leaves.
 */
public final class CohortNode implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CohortNode.class);
  private static final String FRAME_SIZE_KEY = "pekko.remote.artery.advanced.maximum-frame-size";
  private static final String URI_LENGTH_KEY = "pekko.http.server.parsing.max-uri-length";
  private static final String ERROR_HANDLER_KEY = "pekko.http.server.parsing.error-handler";
  /** Room in a frame for the key, the reply address and Pekko's envelope around a value. */
  private static final long FRAME_HEADROOM_BYTES = 64 * 1024;

  private final ActorSystem<Void> system;
  private final ServerBinding binding;

  private CohortNode(ActorSystem<Void> system, ServerBinding binding) {
    this.system = system;
    this.binding = binding;
  }

  /**
   * Starts a node from a fully resolved configuration and waits until its HTTP port is bound.
   *
   * @param journalCheck builds the readiness probe of the journal for the new actor system
   */
  public static CohortNode start(
      Config config, Function<ActorSystem<?>, Supplier<CompletionStage<Boolean>>> journalCheck) {
    CohortSettings settings = CohortSettings.fromConfig(config);
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "cohort", withTransportLimits(config, settings));
    try {
      KeyValueService service = KeyValueService.start(
          system, settings.partitions(), settings.node().requestTimeout());
      KeyValueRoutes keyValue = new KeyValueRoutes(service, settings.limits(), settings.node().requestTimeout());
      ClusterRoutes cluster = new ClusterRoutes(system, journalCheck.apply(system));
      ServerBinding binding = Http.get(system)
          .newServerAt(settings.node().httpHost(), settings.node().httpPort())
          .bind(new CohortRoutes(keyValue, cluster).routes())
          .toCompletableFuture()
          .get(30, java.util.concurrent.TimeUnit.SECONDS);
      binding.addToCoordinatedShutdown(Duration.ofSeconds(5), system);
      log.info("node {}: HTTP API listening on http://{}:{}", system.address(),
          binding.localAddress().getHostString(), binding.localAddress().getPort());
      return new CohortNode(system, binding);
    } catch (Exception e) {
      system.terminate();
      throw new IllegalStateException("node failed to start: " + e.getMessage(), e);
    }
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

  public InetSocketAddress httpAddress() {
    return binding.localAddress();
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
