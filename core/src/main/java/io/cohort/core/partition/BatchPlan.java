package io.cohort.core.partition;

import io.cohort.core.partition.PartitionCommand.Delete;
import io.cohort.core.partition.PartitionCommand.Put;
import io.cohort.core.partition.PartitionEvent.KeyDeleted;
import io.cohort.core.partition.PartitionEvent.ValuePut;
import io.cohort.core.partition.PartitionReply.DeleteAccepted;
import io.cohort.core.partition.PartitionReply.KeyNotFound;
import io.cohort.core.partition.PartitionReply.PartitionFull;
import io.cohort.core.partition.PartitionReply.PutAccepted;
import io.cohort.core.partition.PartitionReply.VersionConflict;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Checks a sequence of writes against a partition's state as if each earlier write of the sequence had
 * already been applied, and collects the events to persist and the reply for every write. The state itself
 * is not changed: the entity applies the events once they are persisted, and only then sends the replies, so
 * no write is acknowledged, and no rejection reports a version, before the journal has it.
 */
final class BatchPlan {
  private final PartitionState state;
  private final int partition;
  private final long maxBytes;
  private final Map<String, Pending> pending = new HashMap<>();
  private final List<PartitionEvent> events = new ArrayList<>();
  private final List<Reply> replies = new ArrayList<>();
  private long revision;
  private long usedBytes;

  /** The version and accounted size of a key after the planned writes; version 0 means absent. */
  private record Pending(long version, long size) {}

  private record Reply(ActorRef<PartitionReply> replyTo, PartitionReply reply) {}

  BatchPlan(PartitionState state, int partition, long maxBytes) {
    this.state = state;
    this.partition = partition;
    this.maxBytes = maxBytes;
    this.revision = state.revision();
    this.usedBytes = state.usedBytes();
  }

  /** Plans one {@link Put} or {@link Delete}; other commands are not writes and are rejected. */
  void add(PartitionCommand write) {
    if (write instanceof Put put) {
      put(put);
    } else if (write instanceof Delete delete) {
      delete(delete);
    } else {
      throw new IllegalArgumentException("not a write: " + write.getClass().getName());
    }
  }

  /** Returns the actor that receives the reply to a {@link Put} or {@link Delete}. */
  static ActorRef<PartitionReply> replyToOf(PartitionCommand write) {
    return write instanceof Put put ? put.replyTo() : ((Delete) write).replyTo();
  }

  List<PartitionEvent> events() {
    return events;
  }

  /**
   * Sends every planned reply, but an outcome-unknown reply in place of each acceptance, for a journal
   * write that finished after this node lost the majority.
   */
  void sendOutcomeUnknown(String detail) {
    for (Reply reply : replies) {
      PartitionReply planned = reply.reply();
      if (planned instanceof PutAccepted accepted) {
        reply.replyTo().tell(new PartitionReply.OutcomeUnknown(partition, accepted.key(), detail));
      } else if (planned instanceof DeleteAccepted accepted) {
        reply.replyTo().tell(new PartitionReply.OutcomeUnknown(partition, accepted.key(), detail));
      } else {
        reply.replyTo().tell(planned);
      }
    }
  }

  /** Sends every planned reply, in the order the writes were added. */
  void sendReplies() {
    for (Reply reply : replies) {
      reply.replyTo().tell(reply.reply());
    }
  }

  private void put(Put put) {
    long current = currentVersion(put.key());
    if (!put.precondition().isMetBy(current)) {
      reply(put.replyTo(), new VersionConflict(put.key(), current, put.precondition()));
      return;
    }
    long size = PartitionState.entrySize(put.key(), put.value());
    long after = usedBytes - currentSize(put.key()) + size;
    if (after > maxBytes && after > usedBytes) {
      reply(put.replyTo(), new PartitionFull(partition, usedBytes, size, maxBytes));
      return;
    }
    revision++;
    usedBytes = after;
    pending.put(put.key(), new Pending(revision, size));
    long expiresAt = put.ttlSeconds() > 0 ? System.currentTimeMillis() + put.ttlSeconds() * 1000 : 0;
    events.add(new ValuePut(put.key(), put.value(), revision, expiresAt));
    reply(put.replyTo(), new PutAccepted(put.key(), revision, current == 0));
  }

  private void delete(Delete delete) {
    long current = currentVersion(delete.key());
    if (current == 0) {
      reply(delete.replyTo(), new KeyNotFound(delete.key()));
      return;
    }
    if (!delete.precondition().isMetBy(current)) {
      reply(delete.replyTo(), new VersionConflict(delete.key(), current, delete.precondition()));
      return;
    }
    revision++;
    usedBytes -= currentSize(delete.key());
    pending.put(delete.key(), new Pending(0, 0));
    events.add(new KeyDeleted(delete.key(), revision));
    reply(delete.replyTo(), new DeleteAccepted(delete.key(), revision));
  }

  private long currentVersion(String key) {
    Pending planned = pending.get(key);
    return planned != null ? planned.version() : state.currentVersion(key);
  }

  private long currentSize(String key) {
    Pending planned = pending.get(key);
    if (planned != null) {
      return planned.size();
    }
    return state.sizeOf(key);
  }

  private void reply(ActorRef<PartitionReply> replyTo, PartitionReply reply) {
    replies.add(new Reply(replyTo, reply));
  }
}
