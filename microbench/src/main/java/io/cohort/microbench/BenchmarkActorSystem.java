package io.cohort.microbench;

import com.typesafe.config.ConfigFactory;
import io.cohort.config.CohortConfig;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.slf4j.LoggerFactory;

/**
 * Factory of local actor systems with a node's serialization settings (Kryo for cluster messages, Jackson CBOR
 * for journal events), so benchmarks get the same serializers a node uses.
 */
final class BenchmarkActorSystem {
  private BenchmarkActorSystem() {}

  static ActorSystem<Void> start(String name) {
    // Initializes logging before Pekko's threads log, so SLF4J does not replay their early calls with a warning.
    LoggerFactory.getILoggerFactory();
    return ActorSystem.create(Behaviors.empty(), name,
        CohortConfig.withDefaults(ConfigFactory.parseString("pekko.actor.provider = local")));
  }

  static Serialization serialization(ActorSystem<?> system) {
    return SerializationExtension.get(Adapter.toClassic(system));
  }

  /** Terminates {@code system} and waits up to 30 seconds for it to stop. */
  static void stop(ActorSystem<?> system) throws Exception {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
