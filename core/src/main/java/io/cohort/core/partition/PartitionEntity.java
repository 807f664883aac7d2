package io.cohort.core.partition;

import io.cohort.config.PartitionSettings;
import io.cohort.core.cluster.ClusterMajority;
import io.cohort.core.partition.PartitionCommand.Delete;
import io.cohort.core.partition.PartitionCommand.Get;
import io.cohort.core.partition.PartitionCommand.BatchWritten;
import io.cohort.core.partition.PartitionCommand.Put;
import io.cohort.core.partition.PartitionCommand.WriteBatch;
import io.cohort.core.partition.PartitionEvent.WriterFence;
import io.cohort.core.partition.PartitionReply.Found;
import io.cohort.core.partition.PartitionReply.KeyNotFound;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.coordination.lease.javadsl.Lease;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.SnapshotAdapter;
import org.apache.pekko.persistence.typed.SnapshotCompleted;
import org.apache.pekko.persistence.typed.SnapshotFailed;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EffectBuilder;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * One partition (data shard): an event-sourced entity that keeps its keys in memory, serves reads from memory
 * and acknowledges a write only after its event is in the journal. Cluster Sharding runs at most one
 * instance per partition in the cluster; that instance is the partition's master.
 */
public final class PartitionEntity extends EventSourcedBehavior<PartitionCommand, PartitionEvent, PartitionState> {

  public static final EntityTypeKey<PartitionCommand> TYPE_KEY =
      EntityTypeKey.create(PartitionCommand.class, "kv");
  /** Fence length when group commit is off or small: covers masters that ran with the default of 64. */
  static final int MIN_FENCE_LENGTH = 64;
  /** Maximum wait for the snapshot a copy takes before it stops for a hand-off. */
  static final Duration HAND_OFF_SNAPSHOT_TIMEOUT = Duration.ofSeconds(5);

  private final int partition;
  private final PartitionSettings settings;
  private final PartitionStorage storage;
  private final ActorContext<PartitionCommand> context;
  private final long startNanos = System.nanoTime();
  private final Optional<Lease> lease;
  private final ClusterMajority majority;
  private final MoveSnapshots moves;
  /** Whether this incarnation wrote its fence; false again after every recovery. */
  private boolean fenced;

  /**
   * Creates the partition as Cluster Sharding runs it: a {@link GroupCommit} front that batches writes for the
   * journaled entity below it.
   */
  public static Behavior<PartitionCommand> create(int partition, PartitionSettings settings) {
    return create(partition, settings, PartitionStorage.DEFAULT);
  }

  /** Creates a partition of a namespace that keeps its journal in {@code storage}. */
  public static Behavior<PartitionCommand> create(int partition, PartitionSettings settings,
      PartitionStorage storage) {
    return GroupCommit.create(partition, settings.groupCommit(), journaled(partition, settings, storage));
  }

  /** Creates the journaled entity; with a lease configured it waits for the lease before it recovers. */
  static Behavior<PartitionCommand> journaled(int partition, PartitionSettings settings, PartitionStorage storage) {
    if (!settings.leaseEnabled()) {
      return Behaviors.setup(context -> new PartitionEntity(partition, settings, storage, context, Optional.empty()));
    }
    return PartitionLeaseGuard.create(partition, settings.leaseConfigPath(), lease ->
        Behaviors.setup(context -> new PartitionEntity(partition, settings, storage, context, Optional.of(lease))));
  }

  public static PersistenceId persistenceIdOf(int partition) {
    return persistenceIdOf(TYPE_KEY.name(), partition);
  }

  /** Returns the persistence id of a partition of the namespace with entity type {@code entityType}. */
  public static PersistenceId persistenceIdOf(String entityType, int partition) {
    return PersistenceId.of(entityType, Integer.toString(partition));
  }

  private PartitionEntity(int partition, PartitionSettings settings, PartitionStorage storage,
      ActorContext<PartitionCommand> context, Optional<Lease> lease) {
    super(persistenceIdOf(storage.entityType(), partition), SupervisorStrategy.restartWithBackoff(
        Duration.ofMillis(200), Duration.ofSeconds(5), 0.2));
    this.partition = partition;
    this.settings = settings;
    this.storage = storage;
    this.context = context;
    this.lease = lease;
    this.majority = ClusterMajority.of(context.getSystem());
    this.moves = new MoveSnapshots(fenceLength());
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
  public PartitionState emptyState() {
    return new PartitionState();
  }

  @Override
  public CommandHandler<PartitionCommand, PartitionEvent, PartitionState> commandHandler() {
    return newCommandHandlerBuilder()
        .forAnyState()
        .onCommand(Get.class, (state, get) -> guarded(get.replyTo(), () -> onGet(state, get)))
        .onCommand(Put.class, (state, put) -> guarded(put.replyTo(), () -> fenced(state, put, List.of(put))))
        .onCommand(Delete.class, (state, delete) ->
            guarded(delete.replyTo(), () -> fenced(state, delete, List.of(delete))))
        .onCommand(WriteBatch.class, this::onBatch)
        .onCommand(PartitionCommand.LeaseLost.class, this::onLeaseLost)
        .onCommand(PartitionCommand.CountKeys.class, (state, count) ->
            Effect().reply(count.replyTo(),
                new PartitionReply.KeyCount(partition, state.liveSize(System.currentTimeMillis()))))
        .onCommand(PartitionCommand.Purge.class, this::onPurge)
        .onCommand(PartitionCommand.HandOff.class, this::onHandOff)
        .onCommand(PartitionCommand.SnapshotWaitEnded.class, (state, ended) -> Effect().stop())
        .onAnyCommand(message -> Effect().none());
  }

  /**
   * Returns whether this copy may serve: always without a lease, else only while the lease is valid. A copy
   * whose lease expired may have been replaced elsewhere, so it neither reads nor writes.
   */
  private boolean leaseHeld() {
    return lease.map(Lease::checkLease).orElse(true);
  }

  /**
   * Serves a request only while this copy may: it stops when its lease expired, and it rejects requests
   * without stopping while its node cannot reach a majority of the cluster (see {@link ClusterMajority}).
   */
  private Effect<PartitionEvent, PartitionState> guarded(ActorRef<PartitionReply> replyTo,
      Supplier<Effect<PartitionEvent, PartitionState>> serve) {
    if (!leaseHeld()) {
      return rejectStale(replyTo);
    }
    Optional<String> minority = majority.minorityReason();
    if (minority.isPresent()) {
      return Effect().reply(replyTo, new PartitionReply.NoMajority(partition, minority.get()));
    }
    return serve.get();
  }

  private Effect<PartitionEvent, PartitionState> rejectStale(ActorRef<PartitionReply> replyTo) {
    context.getLog().warn("partition {}: lease no longer valid, stopping this copy", partition);
    return Effect().stop().thenReply(replyTo, state -> new PartitionReply.LeaseNotHeld(partition));
  }

  private Effect<PartitionEvent, PartitionState> onLeaseLost(PartitionState state, PartitionCommand.LeaseLost lost) {
    context.getLog().warn("partition {}: lost its lease ({}), stopping", partition, lost.reason());
    return Effect().stop();
  }

  private Effect<PartitionEvent, PartitionState> onGet(PartitionState state, Get get) {
    PartitionState.Stored stored = state.get(get.key());
    PartitionReply reply = stored == null
        ? new KeyNotFound(get.key())
        : new Found(get.key(), stored.value(), stored.version());
    get.replyTo().tell(reply);
    return Effect().none();
  }

  private Effect<PartitionEvent, PartitionState> onBatch(PartitionState state, WriteBatch batch) {
    if (!leaseHeld()) {
      context.getLog().warn("partition {}: lease no longer valid, stopping this copy", partition);
      for (PartitionCommand write : batch.writes()) {
        BatchPlan.replyToOf(write).tell(new PartitionReply.LeaseNotHeld(partition));
      }
      return Effect().stop();
    }
    BatchWritten written = new BatchWritten(batch.id());
    Optional<String> minority = majority.minorityReason();
    if (minority.isPresent()) {
      for (PartitionCommand write : batch.writes()) {
        BatchPlan.replyToOf(write).tell(new PartitionReply.NoMajority(partition, minority.get()));
      }
      return Effect().none().thenRun(unchanged -> batch.front().tell(written));
    }
    Optional<String> missing = storage.missingReplicas().get();
    if (missing.isPresent()) {
      rejectUnavailable(batch.writes(), missing.get());
      return Effect().none().thenRun(unchanged -> batch.front().tell(written));
    }
    if (!fenced) {
      return writeFence(state, batch);
    }
    return write(state, batch.writes()).thenRun(updated -> batch.front().tell(written));
  }

  private Effect<PartitionEvent, PartitionState> fenced(PartitionState state, PartitionCommand command,
      List<PartitionCommand> writes) {
    Optional<String> missing = storage.missingReplicas().get();
    if (missing.isPresent()) {
      rejectUnavailable(writes, missing.get());
      return Effect().none();
    }
    return fenced ? write(state, writes) : writeFence(state, command);
  }

  /**
   * Rejects writes unapplied because the journal cannot take them at the namespace's level now, rather than
   * letting them wait for Cassandra's timeout.
   */
  private void rejectUnavailable(List<PartitionCommand> writes, String missing) {
    for (PartitionCommand write : writes) {
      BatchPlan.replyToOf(write).tell(new PartitionReply.ReplicasUnavailable(partition, missing));
    }
  }

  /** Removes every key in one event, replies, and stops; the namespace is being deleted. */
  private Effect<PartitionEvent, PartitionState> onPurge(PartitionState state, PartitionCommand.Purge purge) {
    Optional<String> missing = storage.missingReplicas().get();
    if (missing.isPresent()) {
      return Effect().reply(purge.replyTo(), new PartitionReply.ReplicasUnavailable(partition, missing.get()));
    }
    context.getLog().info("partition {} of {}: removing [{}] keys, its namespace is being deleted", partition,
        storage.entityType(), state.size());
    return Effect().persist(new PartitionEvent.PartitionCleared(state.nextVersion()))
        .thenStop()
        .thenReply(purge.replyTo(), cleared -> new PartitionReply.Purged(partition));
  }

  /**
   * Stops for a hand-off. The front sends it after its last batch was written, and commands wait while a
   * journal write runs, so every write this copy accepted is in the journal by now. With many events since
   * the last snapshot, it first persists a {@link PartitionEvent.HandedOff} and waits up to
   * {@link #HAND_OFF_SNAPSHOT_TIMEOUT} for the snapshot after it (see {@link MoveSnapshots}).
   *
   * <p>NOTE: the next master still writes its fence. It cannot tell this clean stop from a copy whose journal
   * write may land late, such as one that stopped after a failed write.
   */
  private Effect<PartitionEvent, PartitionState> onHandOff(PartitionState state, PartitionCommand.HandOff handOff) {
    boolean writable = majority.minorityReason().isEmpty() && storage.missingReplicas().get().isEmpty();
    if (!writable || !moves.snapshotBeforeStop()) {
      return Effect().stop();
    }
    context.scheduleOnce(HAND_OFF_SNAPSHOT_TIMEOUT, context.getSelf(), new PartitionCommand.SnapshotWaitEnded());
    return Effect().persist(new PartitionEvent.HandedOff(state.revision()));
  }

  /**
   * Persists {@link #fenceLength()} fence events, then handles {@code command} again. The previous master of
   * this partition may still send a journal write it started before it lost the partition, such as after a
   * long pause, at the sequence numbers right after the ones recovered here. The journal keeps one event per
   * sequence number on replay, the one with the earliest time UUID, so such a late event would hide the event
   * of this master that has the same number. The fence takes those numbers, so no acknowledged write shares a
   * sequence number with a stale one. A stale event that wins its number is a write that was never
   * acknowledged, and it takes effect on the next replay.
   *
   * <p>NOTE: such a stale event carries a version that this master may also give to a write of another key,
   * so versions are unique per key but not always per partition after a takeover.
   */
  private Effect<PartitionEvent, PartitionState> writeFence(PartitionState state, PartitionCommand command) {
    int length = fenceLength();
    List<PartitionEvent> fence = java.util.Collections.nCopies(length, new WriterFence(state.revision()));
    return Effect().persist(fence).thenRun(updated -> {
      fenced = true;
      moves.fenced();
      context.getSelf().tell(command);
    });
  }

  /** Takes the snapshots of {@link MoveSnapshots}, besides the regular ones of the retention criteria. */
  @Override
  public boolean shouldSnapshot(PartitionState state, PartitionEvent event, long sequenceNr) {
    return moves.snapshotAfter(event);
  }

  /** Returns the maximum number of events in one journal write of a master, which is one group commit. */
  private int fenceLength() {
    return Math.max(MIN_FENCE_LENGTH, settings.groupCommit().maxWrites());
  }

  /**
   * Checks {@code writes} in order, persists the events of those accepted in one journal write, then replies
   * to every write, rejected ones included.
   */
  private EffectBuilder<PartitionEvent, PartitionState> write(PartitionState state, List<PartitionCommand> writes) {
    BatchPlan plan = new BatchPlan(state, partition, settings.maxBytes());
    writes.forEach(plan::add);
    if (plan.events().isEmpty()) {
      return Effect().none().thenRun(unchanged -> plan.sendReplies());
    }
    return Effect().persist(plan.events()).thenRun(updated -> replyAfterWrite(plan));
  }

  /**
   * Sends the planned replies, unless this node lost the majority while the journal write ran. Another
   * master may then have started and fenced these events, so each acknowledgement becomes an outcome-unknown
   * reply. A write that finished before the loss was in the journal before any new master could recover.
   */
  private void replyAfterWrite(BatchPlan plan) {
    Optional<String> minority = majority.minorityReason();
    if (minority.isPresent()) {
      context.getLog().warn("partition {}: journal write finished after this node lost the majority; outcome"
          + " unknown: {}", partition, minority.get());
      plan.sendOutcomeUnknown(minority.get());
      return;
    }
    plan.sendReplies();
  }

  @Override
  public EventHandler<PartitionState, PartitionEvent> eventHandler() {
    return (state, event) -> {
      moves.applied();
      return state.apply(event);
    };
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(settings.snapshotEvery(), settings.keepSnapshots())
        .withDeleteEventsOnSnapshot();
  }

  @Override
  public SnapshotAdapter<PartitionState> snapshotAdapter() {
    return new SnapshotAdapter<>() {
      @Override
      public Object toJournal(PartitionState state) {
        return state.toSnapshot();
      }

      @Override
      public PartitionState fromJournal(Object stored) {
        return PartitionState.fromSnapshot((PartitionSnapshot) stored);
      }
    };
  }

  @Override
  public SignalHandler<PartitionState> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), this::onRecoveryCompleted)
        .onSignal(SnapshotCompleted.class, (state, saved) -> onSnapshotEnded(true))
        .onSignal(SnapshotFailed.class, (state, failed) -> onSnapshotEnded(false))
        .onSignal(org.apache.pekko.actor.typed.PostStop.instance(), state -> lease.ifPresent(Lease::release))
        .build();
  }

  private void onSnapshotEnded(boolean saved) {
    if (moves.snapshotEnded(saved)) {
      context.getSelf().tell(new PartitionCommand.SnapshotWaitEnded());
    }
  }

  private void onRecoveryCompleted(PartitionState state) {
    fenced = false;
    moves.recovered();
    long millis = Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
    context.getLog().info("partition {}: recovered [{}] keys, [{}] bytes at revision [{}] from [{}] events in"
        + " [{}] ms", partition, state.size(), state.usedBytes(), state.revision(), moves.replayed(), millis);
  }
}
