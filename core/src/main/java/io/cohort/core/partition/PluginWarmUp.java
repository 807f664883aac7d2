package io.cohort.core.partition;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * Recovers a persistence id that never gets events, then stops. Pekko starts a journal or snapshot plugin on
 * its first use, and the Cassandra plugins prepare their statements then. In the failover benchmark that cost
 * the first partition to move to a freshly started node about 0.2 s. A node that warms a namespace's plugins
 * when it starts the namespace's region spares its first moved partition that wait. It never writes.
 */
public final class PluginWarmUp extends EventSourcedBehavior<PluginWarmUp.Stop, Object, Boolean> {

  /** Sent by the warm-up to itself once its recovery completed. */
  public record Stop() {}

  private final PartitionStorage storage;
  private final ActorRef<Stop> self;

  /** Creates a warm-up of the journal and snapshot plugins of {@code storage}. */
  public static Behavior<Stop> create(PartitionStorage storage) {
    return Behaviors.setup(context -> new PluginWarmUp(storage, context.getSelf()));
  }

  private PluginWarmUp(PartitionStorage storage, ActorRef<Stop> self) {
    super(PersistenceId.of("cohort-warm-up", storage.entityType()));
    this.storage = storage;
    this.self = self;
  }

  @Override
  public String journalPluginId() {
    return storage.journalPluginId();
  }

  @Override
  public String snapshotPluginId() {
    return storage.snapshotPluginId();
  }

  @Override
  public Boolean emptyState() {
    return Boolean.TRUE;
  }

  @Override
  public CommandHandler<Stop, Object, Boolean> commandHandler() {
    return newCommandHandlerBuilder().forAnyState().onCommand(Stop.class, stop -> Effect().stop()).build();
  }

  @Override
  public EventHandler<Boolean, Object> eventHandler() {
    return (state, event) -> state;
  }

  @Override
  public SignalHandler<Boolean> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), state -> self.tell(new Stop()))
        .build();
  }
}
