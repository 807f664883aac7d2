package io.cohort.core.partition;

import io.cohort.core.partition.PartitionCommand.AcquireLease;
import io.cohort.core.partition.PartitionCommand.LeaseAcquired;
import io.cohort.core.partition.PartitionCommand.LeaseLost;
import java.time.Duration;
import java.util.function.Function;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.StashBuffer;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.coordination.lease.javadsl.Lease;
import org.apache.pekko.coordination.lease.javadsl.LeaseProvider;

/**
 * Starts a partition only once it holds the partition's lease. Until then client requests wait in a stash;
 * a refused or failed acquire is retried every {@link #RETRY_INTERVAL}. The lease owner names this actor
 * incarnation, so a restarted partition, even on the same node, waits for the old lease to be released or to
 * expire.
 */
final class PartitionLeaseGuard {
  static final Duration RETRY_INTERVAL = Duration.ofMillis(500);
  private static final int STASH_CAPACITY = 10_000;

  private PartitionLeaseGuard() {}

  static Behavior<PartitionCommand> create(
      int partition, String leaseConfigPath, Function<Lease, Behavior<PartitionCommand>> master) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> Behaviors.withStash(STASH_CAPACITY, stash -> {
      String owner = context.getSystem().address() + "/" + context.getSelf().path().name() + "#"
          + context.getSelf().path().uid();
      Lease lease = LeaseProvider.get(Adapter.toClassic(context.getSystem()))
          .getLease("cohort-kv-" + partition, leaseConfigPath, owner);
      context.getSelf().tell(new AcquireLease());
      return waiting(partition, lease, master, context, timers, stash);
    })));
  }

  private static Behavior<PartitionCommand> waiting(int partition, Lease lease,
      Function<Lease, Behavior<PartitionCommand>> master, ActorContext<PartitionCommand> context,
      TimerScheduler<PartitionCommand> timers, StashBuffer<PartitionCommand> stash) {
    return Behaviors.receive(PartitionCommand.class)
        .onMessage(AcquireLease.class, message -> {
          acquire(lease, context);
          return Behaviors.same();
        })
        .onMessage(LeaseAcquired.class, acquired -> {
          if (acquired.granted()) {
            context.getLog().info("partition {}: acquired lease [{}] as [{}]", partition,
                lease.getSettings().leaseName(), lease.getSettings().ownerName());
            return stash.unstashAll(master.apply(lease));
          }
          context.getLog().debug("partition {}: lease not acquired ({}), retrying in {} ms", partition,
              acquired.failure().isEmpty() ? "held elsewhere" : acquired.failure(), RETRY_INTERVAL.toMillis());
          timers.startSingleTimer(new AcquireLease(), RETRY_INTERVAL);
          return Behaviors.same();
        })
        .onMessage(LeaseLost.class, lost -> Behaviors.same())
        .onMessage(PartitionCommand.HandOff.class, handOff -> {
          stash.forEach(request -> GroupCommit.rejectMoving(partition, request));
          return Behaviors.stopped();
        })
        .onSignal(PostStop.class, signal -> {
          lease.release();
          return Behaviors.same();
        })
        .onAnyMessage(request -> {
          if (stash.isFull()) {
            context.getLog().warn("partition {}: {} requests wait for the lease, dropping one", partition,
                STASH_CAPACITY);
          } else {
            stash.stash(request);
          }
          return Behaviors.same();
        })
        .build();
  }

  private static void acquire(Lease lease, ActorContext<PartitionCommand> context) {
    var self = context.getSelf();
    context.pipeToSelf(
        lease.acquire(failure -> self.tell(new LeaseLost(failure.map(Throwable::toString).orElse("lost")))),
        (granted, error) -> error == null
            ? new LeaseAcquired(granted, "")
            : new LeaseAcquired(false, error.toString()));
  }
}
