package io.cohort.core.partition;

import io.cohort.config.GroupCommitSettings;
import io.cohort.core.partition.PartitionCommand.BatchTimedOut;
import io.cohort.core.partition.PartitionCommand.BatchWritten;
import io.cohort.core.partition.PartitionCommand.Delete;
import io.cohort.core.partition.PartitionCommand.Put;
import io.cohort.core.partition.PartitionCommand.WriteBatch;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * The front of a partition: the actor Cluster Sharding addresses. It sends one batch of writes at a time to
 * the journaled entity below it, and queues the writes that arrive meanwhile for the next batch, so a
 * partition persists many writes per journal round trip. Writes keep their arrival order, which is the order
 * of their versions. Reads go straight to the entity, which serves them after any batch it is persisting.
 *
 * <p>The queue grows while writes arrive faster than the journal takes them, for example while Cassandra is
 * down, and a request that timed out at its node still sits in it. Past {@link #MAX_QUEUED} writes, a new write
 * is rejected unapplied with {@link PartitionReply.Overloaded}. A batch that gets no {@link BatchWritten} within
 * {@link #BATCH_TIMEOUT}, because the entity restarted after a journal failure, no longer blocks the queue.
 */
final class GroupCommit {
  static final Duration BATCH_TIMEOUT = Duration.ofSeconds(10);
  static final int MAX_QUEUED = 10_000;
  /** Maximum wait for the entity to stop after the hand-off reached it: its snapshot wait plus a margin. */
  static final Duration HAND_OFF_TIMEOUT = Duration.ofSeconds(15);

  private final int partition;
  private final ActorContext<PartitionCommand> context;
  private final TimerScheduler<PartitionCommand> timers;
  private final GroupCommitSettings settings;
  private final ActorRef<PartitionCommand> entity;
  private final ArrayDeque<PartitionCommand> queued = new ArrayDeque<>();
  private long batchId;
  private boolean batchInFlight;
  /** Set by the hand-off: stop once the queue is written. */
  private boolean handingOff;
  private boolean handOffSent;

  private GroupCommit(int partition, ActorContext<PartitionCommand> context, TimerScheduler<PartitionCommand> timers,
      GroupCommitSettings settings, ActorRef<PartitionCommand> entity) {
    this.partition = partition;
    this.context = context;
    this.timers = timers;
    this.settings = settings;
    this.entity = entity;
  }

  static Behavior<PartitionCommand> create(int partition, GroupCommitSettings settings,
      Behavior<PartitionCommand> journaled) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
      ActorRef<PartitionCommand> entity = context.spawn(journaled, "journaled-" + partition);
      context.watch(entity);
      return new GroupCommit(partition, context, timers, settings, entity).behavior();
    }));
  }

  private Behavior<PartitionCommand> behavior() {
    return Behaviors.receive(PartitionCommand.class)
        .onMessage(Put.class, this::onWrite)
        .onMessage(Delete.class, this::onWrite)
        .onMessage(BatchWritten.class, written -> onBatchEnded(written.id()))
        .onMessage(PartitionCommand.HandOff.class, this::onHandOff)
        .onMessage(BatchTimedOut.class, timedOut -> {
          context.getLog().warn("{}: batch {} not written after {} s, sending the next one",
              entity.path().name(), timedOut.id(), BATCH_TIMEOUT.toSeconds());
          return onBatchEnded(timedOut.id());
        })
        .onAnyMessage(other -> {
          if (handOffSent) {
            rejectMoving(partition, other);
          } else {
            entity.tell(other);
          }
          return Behaviors.same();
        })
        .onSignal(Terminated.class, terminated -> Behaviors.stopped())
        .build();
  }

  private Behavior<PartitionCommand> onWrite(PartitionCommand write) {
    if (handOffSent) {
      rejectMoving(partition, write);
      return Behaviors.same();
    }
    if (queued.size() >= MAX_QUEUED) {
      BatchPlan.replyToOf(write).tell(new PartitionReply.Overloaded(partition, queued.size()));
      return Behaviors.same();
    }
    queued.add(write);
    if (!batchInFlight) {
      sendBatch();
    }
    return Behaviors.same();
  }

  private Behavior<PartitionCommand> onBatchEnded(long id) {
    if (!batchInFlight || id != batchId) {
      return Behaviors.same();
    }
    timers.cancel(BatchTimedOut.class);
    batchInFlight = false;
    if (!queued.isEmpty()) {
      sendBatch();
    } else if (handingOff) {
      sendHandOff();
    }
    return Behaviors.same();
  }

  /**
   * Lets the partition stop for a hand-off once every write that reached it is in the journal: the queued
   * writes go on one batch at a time, as before, and the hand-off follows the last batch. Writes that arrive
   * after the hand-off went to the entity get {@link PartitionReply.Moving}.
   */
  private Behavior<PartitionCommand> onHandOff(PartitionCommand.HandOff handOff) {
    if (handOffSent) {
      context.getLog().warn("{}: not stopped {} s after the hand-off, stopping it", entity.path().name(),
          HAND_OFF_TIMEOUT.toSeconds());
      return Behaviors.stopped();
    }
    handingOff = true;
    if (!batchInFlight) {
      sendHandOff();
    }
    return Behaviors.same();
  }

  /**
   * Passes the hand-off to the entity, and stops this front, and so the entity, if it has not stopped after
   * {@link #HAND_OFF_TIMEOUT}, such as when a journal failure restarted it and it lost the hand-off.
   */
  private void sendHandOff() {
    handOffSent = true;
    entity.tell(new PartitionCommand.HandOff());
    context.scheduleOnce(HAND_OFF_TIMEOUT, context.getSelf(), new PartitionCommand.HandOff());
  }

  /**
   * Replies {@link PartitionReply.Moving} to a request that reached this copy of the partition after it
   * began to stop for a hand-off. Other messages need no reply.
   */
  static void rejectMoving(int partition, PartitionCommand request) {
    PartitionReply moving = new PartitionReply.Moving(partition);
    if (request instanceof PartitionCommand.Get get) {
      get.replyTo().tell(moving);
    } else if (request instanceof WriteBatch batch) {
      batch.writes().forEach(write -> BatchPlan.replyToOf(write).tell(moving));
    } else if (request instanceof Put || request instanceof Delete) {
      BatchPlan.replyToOf(request).tell(moving);
    }
  }

  /** Sends the oldest queued writes, within the count and byte limits but always at least one. */
  private void sendBatch() {
    List<PartitionCommand> batch = new ArrayList<>();
    long bytes = 0;
    while (!queued.isEmpty() && batch.size() < settings.maxWrites()) {
      long size = sizeOf(queued.peek());
      if (!batch.isEmpty() && bytes + size > settings.maxBytes()) {
        break;
      }
      batch.add(queued.poll());
      bytes += size;
    }
    batchId++;
    batchInFlight = true;
    entity.tell(new WriteBatch(batchId, List.copyOf(batch), context.getSelf()));
    timers.startSingleTimer(BatchTimedOut.class, new BatchTimedOut(batchId), BATCH_TIMEOUT);
  }

  /** Returns the UTF-8 key bytes plus value bytes of a write, which max-bytes limits. */
  private static long sizeOf(PartitionCommand write) {
    if (write instanceof Put put) {
      return put.key().getBytes(StandardCharsets.UTF_8).length + (long) put.value().length;
    }
    return ((Delete) write).key().getBytes(StandardCharsets.UTF_8).length;
  }
}
