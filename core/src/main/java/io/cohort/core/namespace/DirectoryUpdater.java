package io.cohort.core.namespace;

import java.time.Duration;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.pubsub.Topic;

/**
 * Keeps a node's {@link NamespaceDirectory} current: subscribes to the tables the registry publishes, and
 * polls the registry every {@code refresh} for the changes a node misses, such as those published while it
 * was joining or while the registry moved to another node.
 */
public final class DirectoryUpdater {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(DirectoryUpdater.class);

  private DirectoryUpdater() {}

  private record Tick() {}

  public static Behavior<Object> create(NamespaceDirectory directory, Duration refresh) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
      var topic = context.spawn(Topic.create(NamespaceTable.class, NamespaceRegistry.TOPIC), "topic");
      topic.tell(Topic.subscribe(context.getSelf().narrow()));
      timers.startTimerWithFixedDelay(new Tick(), Duration.ZERO, refresh);
      return Behaviors.receive(Object.class)
          .onMessage(NamespaceTable.class, table -> {
            directory.offer(table);
            return Behaviors.same();
          })
          .onMessage(Tick.class, tick -> {
            directory.refresh().whenComplete((table, failure) -> {
              if (failure != null) {
                log.debug("namespace directory: registry poll failed: {}", failure.toString());
              }
            });
            return Behaviors.same();
          })
          .build();
    }));
  }
}
