package io.cohort.persistence.lease;

import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.servererrors.ReadTimeoutException;
import com.datastax.oss.driver.api.core.servererrors.WriteTimeoutException;
import io.cohort.persistence.lease.LeaseStore.LeaseWrite;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.Scheduler;
import org.apache.pekko.coordination.lease.LeaseException;
import org.apache.pekko.coordination.lease.LeaseSettings;
import org.apache.pekko.coordination.lease.LeaseTimeoutException;
import org.apache.pekko.coordination.lease.javadsl.Lease;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.concurrent.ExecutionContextExecutor;

/**
 * A Pekko lease kept as a row in Cassandra and changed only with lightweight transactions, for Cluster
 * Sharding ({@code pekko.cluster.sharding.use-lease = "cohort.lease.cassandra"}) and the split-brain
 * resolver's lease-majority strategy. Pekko's {@code LeaseProvider} creates it from a lease config block
 * such as {@link #CONFIG_PATH}, whose keys are explained in Cohort's {@code cassandra-defaults.conf}.
 *
 * <h2>Protocol</h2>
 *
 * <p>Each lease name has at most one row in {@code <keyspace>.leases (name text PRIMARY KEY, owner text)},
 * written with a TTL of {@code heartbeat-timeout}:
 *
 * <ul>
 *   <li>{@link #acquire()} runs {@code INSERT ... IF NOT EXISTS USING TTL}. When the row already names
 *       this owner (the node restarted, or an earlier acquire timed out after Cassandra applied it), it
 *       runs {@code UPDATE ... USING TTL ... IF owner = <this owner>} instead, which refreshes the TTL.
 *   <li>While the lease is held, a renewal runs the same {@code UPDATE} every {@code heartbeat-interval}.
 *       When it is not applied (the row names another owner or is gone), or no renewal has succeeded for
 *       {@code heartbeat-timeout - safety-margin}, the lease is lost: renewals stop and the lease-lost
 *       callback runs once.
 *   <li>{@link #release()} runs {@code DELETE ... IF owner = <this owner>}.
 * </ul>
 *
 * <p>Paxos orders all conditional writes of one row, so at any time the row names at most one owner, and a
 * write whose condition is no longer true is rejected rather than applied late.
 *
 * <h2>Why a stale holder stops acting before another owner can acquire</h2>
 *
 * <p>Let {@code s} be the holder's {@link System#nanoTime()} just before it sent a write that Cassandra
 * applied. The coordinator handles that write no earlier than {@code s} and sets the row to expire at
 * its wall-clock time, truncated to whole seconds, plus the TTL. The row therefore stays visible for at
 * least {@code TTL - 1 s - e} after {@code s} in real time, where {@code e} is how far the wall clock of
 * the Cassandra node that later reads the row runs ahead of the clock of the node that wrote it. Until
 * then, no other owner's {@code INSERT ... IF NOT EXISTS} can apply.
 *
 * <p>{@link #checkLease()} returns true only while the holder's monotonic clock shows less than {@code TTL
 * - safety-margin} since the {@code s} of its latest applied write. If that clock runs fast or slow by a
 * rate error {@code r}, this is at most {@code (TTL - margin) * (1 + r)} of real time. The holder thus
 * stops trusting the lease before the row can expire as long as {@code margin >= 1 s + e + r * TTL}. The
 * default margin of 2 s leaves about 1 s for {@code e}, because {@code r * TTL} is only 3 ms for a 6 s TTL
 * even at 500 ppm, the largest frequency error that NTP corrects. Request latency needs no margin:
 * {@code s} is taken before sending, so a slow response only shortens the time the holder trusts the
 * lease.
 *
 * <p>The assumptions are a monotonic clock on the holder whose rate is close to real time (Linux's
 * {@code CLOCK_MONOTONIC}, which {@code System.nanoTime()} reads, is slewed but never stepped by NTP), and
 * wall clocks of the Cassandra nodes that agree within {@code e}. The holder's own wall clock does not
 * matter.
 *
 * <h2>What is not guaranteed</h2>
 *
 * <ul>
 *   <li>An action that starts while {@code checkLease()} is true can take effect after the lease turned
 *       stale, for example a journal write still in flight, or a thread paused by garbage collection
 *       between the check and the write. The lease issues no fencing token, so the journal cannot reject
 *       such a write. Only the part of the margin above {@code 1 s + e} covers this delay.
 *   <li>A Cassandra node whose wall clock jumps forward can expire the row early.
 *   <li>Linux's {@code CLOCK_MONOTONIC} does not advance while the system is suspended, so a holder whose
 *       machine was suspended can see {@code checkLease()} return true after resuming although the row
 *       expired.
 *   <li>Owner names must be unique per holder. Two processes with the same owner name both acquire,
 *       because acquire accepts a row that already names its owner.
 *   <li>With {@code LOCAL_SERIAL} in the driver profile and replicas in several datacenters, each
 *       datacenter can grant the lease to a different owner.
 *   <li>The lease-lost callback is a notification that runs after the lease turned stale, not before.
 *       {@code checkLease()} is the check to make before acting.
 *   <li>A write whose outcome is unknown (a timeout) is treated as failed, but Cassandra may still have
 *       applied it. The row then blocks other owners until its TTL ends, unless this owner acquires the
 *       lease again.
 * </ul>
 *
 * <p>One instance serves one lease name and owner, and Pekko's {@code LeaseProvider} keeps one per name,
 * config path and owner. Concurrent {@code acquire} calls on one instance share one attempt, and the lease-lost
 * callback of the latest call is the one that runs.
 */
public final class CassandraLease extends Lease {
  /** Config path of Cohort's lease settings, the value for {@code pekko.cluster.sharding.use-lease}. */
  public static final String CONFIG_PATH = "cohort.lease.cassandra";

  private static final Logger log = LoggerFactory.getLogger(CassandraLease.class);

  /**
   * Attempts of insert-then-update in one acquire. A second round runs only when the row that named this
   * owner expired between the two statements.
   */
  private static final int ACQUIRE_ROUNDS = 3;

  private static final Consumer<Optional<Throwable>> NO_CALLBACK = reason -> {};

  private final LeaseSettings leaseSettings;
  private final CassandraLeaseSettings settings;
  private final String name;
  private final String owner;
  private final long validityNanos;
  private final long intervalNanos;
  private final LeaseStore store;
  private final Scheduler scheduler;
  private final ExecutionContextExecutor executor;
  private final WarningLimiter failureWarnings;

  private final Object lock = new Object();

  /** The current holding, or null while this owner does not hold the lease. Written under lock. */
  private volatile Holding holding;

  /** The acquire in progress, or null. Guarded by lock. */
  private CompletableFuture<Boolean> pendingAcquire;

  /** Lease-lost callback of the latest acquire call in progress. Guarded by lock. */
  private Consumer<Optional<Throwable>> pendingCallback;

  /** Number of release calls, so that an acquire that was in progress during one does not take the lease. */
  private long releaseCount;

  /** One period of holding the lease, from a successful acquire until release or loss. */
  private static final class Holding {
    /** End of the time in which {@code checkLease()} returns true, in {@code System.nanoTime()} units. */
    volatile long validUntilNanos;

    // The fields below are guarded by CassandraLease.lock.
    Consumer<Optional<Throwable>> lostCallback;
    /** The result of the acquire that set {@link #lostCallback}. The callback runs only after it completed. */
    CompletableFuture<Boolean> callbackAfter;
    boolean renewalInProgress;
    long renewalStartedNanos;
    int consecutiveFailures;
    Cancellable renewalTimer;
    Cancellable deadlineTimer;

    Holding(long validUntilNanos) {
      this.validUntilNanos = validUntilNanos;
    }
  }

  /**
   * Creates the lease. Pekko's {@code LeaseProvider} calls this constructor. It sends nothing to
   * Cassandra, because the session connects and the table is created on the first acquire or release.
   *
   * @throws IllegalArgumentException when the lease config block is invalid, with a message that names
   *     the key
   */
  public CassandraLease(LeaseSettings settings, ExtendedActorSystem system) {
    this(settings, system, UnaryOperator.identity());
  }

  /** Creates the lease with its store wrapped by {@code wrapStore}, so that tests can hold back writes. */
  CassandraLease(LeaseSettings settings, ExtendedActorSystem system, UnaryOperator<LeaseStore> wrapStore) {
    this.leaseSettings = Objects.requireNonNull(settings, "settings");
    this.settings = CassandraLeaseSettings.from(settings);
    this.name = settings.leaseName();
    this.owner = settings.ownerName();
    this.validityNanos = this.settings.validity().toNanos();
    this.intervalNanos = this.settings.heartbeatInterval().toNanos();
    LeaseStores stores = LeaseStores.ID.get(system);
    this.store = wrapStore.apply(stores.storeFor(this.settings.store()));
    this.failureWarnings = stores.failureWarnings();
    this.scheduler = system.scheduler();
    this.executor = system.dispatchers().internalDispatcher();
  }

  @Override
  public LeaseSettings getSettings() {
    return leaseSettings;
  }

  /** Acquires the lease without a lease-lost callback, as {@link #acquire(Consumer)} does. */
  @Override
  public CompletionStage<Boolean> acquire() {
    return acquire(NO_CALLBACK);
  }

  /**
   * Acquires the lease, or confirms and refreshes it when this owner already holds it.
   *
   * @return a stage that completes with true when this owner holds the lease, with false when another
   *     owner holds it, and exceptionally with a {@link LeaseException} when the outcome is unknown. The
   *     exception is a {@link LeaseTimeoutException} when no reply came within {@code
   *     lease-operation-timeout}. The stage never completes with true when {@link #release()} was called
   *     during the attempt.
   */
  @Override
  public CompletionStage<Boolean> acquire(Consumer<Optional<Throwable>> leaseLostCallback) {
    Objects.requireNonNull(leaseLostCallback, "leaseLostCallback");
    CompletableFuture<Boolean> result;
    long releaseCountAtStart;
    synchronized (lock) {
      pendingCallback = leaseLostCallback;
      if (pendingAcquire != null) {
        return pendingAcquire.copy();
      }
      result = new CompletableFuture<>();
      pendingAcquire = result;
      releaseCountAtStart = releaseCount;
    }

    CompletableFuture<LeaseWrite> attempt = call(() -> acquireRound(ACQUIRE_ROUNDS));
    CompletableFuture<LeaseWrite> bounded =
        attempt.copy().orTimeout(settings.operationTimeout().toMillis(), TimeUnit.MILLISECONDS);
    bounded.whenComplete((write, error) -> onAcquireCompleted(result, releaseCountAtStart, write, error));
    attempt.whenComplete(
        (write, error) -> {
          if (write != null && write.applied() && bounded.isCompletedExceptionally()) {
            log.info(
                "Lease [{}] owner [{}]: an acquire that timed out was applied later, so the row blocks other"
                    + " owners for up to {} s unless this owner acquires again",
                name,
                owner,
                settings.ttlSeconds());
          }
        });
    return result.copy();
  }

  /**
   * Returns true only while this owner holds the lease and less than {@code heartbeat-timeout -
   * safety-margin} has passed since the last applied acquire or renewal was sent. Takes no lock and sends
   * nothing to Cassandra.
   */
  @Override
  public boolean checkLease() {
    Holding current = holding;
    return current != null && System.nanoTime() - current.validUntilNanos < 0;
  }

  /**
   * Stops renewing and deletes the row when it names this owner. {@link #checkLease()} returns false from
   * the start of this call, and the lease-lost callback does not run.
   *
   * @return a stage that completes with true when the row was deleted, with false when no row named this
   *     owner, and exceptionally with a {@link LeaseException} when the outcome is unknown. The row then
   *     expires within {@code heartbeat-timeout}.
   */
  @Override
  public CompletionStage<Boolean> release() {
    Holding released;
    synchronized (lock) {
      releaseCount++;
      released = holding;
      if (released != null) {
        endHoldingLocked(released);
      }
    }
    boolean wasHeld = released != null;

    CompletableFuture<Boolean> result = new CompletableFuture<>();
    call(() -> store.deleteIfOwner(name, owner, settings.operationTimeout()))
        .orTimeout(settings.operationTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete(
            (write, error) -> {
              if (error != null) {
                LeaseException failure = toLeaseException("release", error);
                warnRateLimited(failure.getMessage() + ". The row expires within " + settings.ttlSeconds() + " s.");
                completeAsync(result, null, failure);
              } else if (write.applied()) {
                log.info("Lease [{}] owner [{}]: released", name, owner);
                completeAsync(result, true, null);
              } else {
                if (wasHeld) {
                  log.info(
                      "Lease [{}] owner [{}]: released, but the row already named {}",
                      name,
                      owner,
                      describeOwner(write.currentOwner()));
                }
                completeAsync(result, false, null);
              }
            });
    return result.copy();
  }

  @Override
  public String toString() {
    return "CassandraLease[" + name + ", owner " + owner + "]";
  }

  // ----- acquire -----

  private CompletionStage<LeaseWrite> acquireRound(int roundsLeft) {
    return store
        .insertIfAbsent(name, owner, settings.ttlSeconds(), settings.operationTimeout())
        .thenCompose(
            insert -> {
              if (insert.applied() || !owner.equals(insert.currentOwner())) {
                return CompletableFuture.completedFuture(insert);
              }
              return store
                  .renew(name, owner, settings.ttlSeconds(), settings.operationTimeout())
                  .thenCompose(
                      update -> {
                        boolean rowVanished = !update.applied() && update.currentOwner() == null;
                        if (rowVanished && roundsLeft > 1) {
                          return acquireRound(roundsLeft - 1);
                        }
                        return CompletableFuture.completedFuture(update);
                      });
            });
  }

  private void onAcquireCompleted(
      CompletableFuture<Boolean> result, long releaseCountAtStart, LeaseWrite write, Throwable error) {
    boolean deleteLateRow = false;
    synchronized (lock) {
      pendingAcquire = null;
      Consumer<Optional<Throwable>> callback = pendingCallback;
      pendingCallback = null;
      Holding current = holding;

      if (error != null) {
        // A current holding keeps running, because its renewals decide whether the lease is still held.
        LeaseException failure = toLeaseException("acquire", error);
        warnRateLimited(failure.getMessage());
        completeAsync(result, null, failure);
      } else if (!write.applied()) {
        log.debug(
            "Lease [{}] owner [{}]: not acquired, the row names {}", name, owner, describeOwner(write.currentOwner()));
        if (current != null) {
          String reason = "lost, the row names " + describeOwner(write.currentOwner());
          loseLocked(current, new LeaseException(logPrefix() + reason));
        }
        completeAsync(result, false, null);
      } else if (releaseCount != releaseCountAtStart) {
        log.info(
            "Lease [{}] owner [{}]: acquired while a release was in progress, so deleting the row again", name, owner);
        deleteLateRow = true;
        completeAsync(result, false, null);
      } else {
        long validUntil = write.sentNanos() + validityNanos;
        if (current == null) {
          current = new Holding(validUntil);
          holding = current;
          current.lostCallback = callback;
          current.callbackAfter = result;
          scheduleRenewalLocked(current, write.sentNanos() + intervalNanos - System.nanoTime());
          current.deadlineTimer = schedule(validUntil - System.nanoTime(), deadlineCheck(current));
          log.info(
              "Lease [{}] owner [{}]: acquired with a TTL of {} s, renewed every {} ms",
              name,
              owner,
              settings.ttlSeconds(),
              settings.heartbeatInterval().toMillis());
        } else {
          extendLocked(current, validUntil);
          current.lostCallback = callback;
          current.callbackAfter = result;
          log.info("Lease [{}] owner [{}]: acquired again while held, TTL refreshed", name, owner);
        }
        completeAsync(result, true, null);
      }
    }
    if (deleteLateRow) {
      call(() -> store.deleteIfOwner(name, owner, settings.operationTimeout()))
          .whenComplete(
              (write2, error2) -> {
                if (error2 != null) {
                  log.warn(
                      "Lease [{}] owner [{}]: deleting the row written during a release failed, it expires"
                          + " within {} s: {}",
                      name,
                      owner,
                      settings.ttlSeconds(),
                      error2.toString());
                }
              });
    }
  }

  // ----- renewals -----

  private void renew(Holding current) {
    synchronized (lock) {
      if (holding != current || current.renewalInProgress) {
        return;
      }
      current.renewalInProgress = true;
      current.renewalStartedNanos = System.nanoTime();
    }
    Duration timeout = settings.heartbeatInterval();
    call(() -> store.renew(name, owner, settings.ttlSeconds(), timeout))
        .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete((write, error) -> onRenewalCompleted(current, write, error));
  }

  private void onRenewalCompleted(Holding current, LeaseWrite write, Throwable error) {
    synchronized (lock) {
      if (holding != current) {
        return;
      }
      current.renewalInProgress = false;
      long now = System.nanoTime();

      if (error == null && write.applied()) {
        extendLocked(current, write.sentNanos() + validityNanos);
        if (current.consecutiveFailures > 0) {
          log.info(
              "Lease [{}] owner [{}]: renewed after {} failed renewals",
              name,
              owner,
              current.consecutiveFailures);
          current.consecutiveFailures = 0;
        }
        scheduleRenewalLocked(current, write.sentNanos() + intervalNanos - now);
      } else if (error == null) {
        String reason = "lost, a renewal was not applied because the row names " + describeOwner(write.currentOwner());
        loseLocked(current, new LeaseException(logPrefix() + reason));
      } else {
        current.consecutiveFailures++;
        Throwable cause = unwrap(error);
        String reason =
            cause instanceof TimeoutException
                ? "no answer within heartbeat-interval (" + settings.heartbeatInterval().toMillis() + " ms)"
                : cause.toString();
        warnRateLimited(
            logPrefix()
                + "renewal failed (consecutive failures: "
                + current.consecutiveFailures
                + "), the lease stays valid for "
                + Math.max(0, TimeUnit.NANOSECONDS.toMillis(current.validUntilNanos - now))
                + " ms more: "
                + reason);
        if (now - current.validUntilNanos >= 0) {
          loseLocked(current, staleLeaseException());
        } else {
          scheduleRenewalLocked(current, current.renewalStartedNanos + intervalNanos - now);
        }
      }
    }
  }

  private Runnable deadlineCheck(Holding current) {
    return () -> {
      synchronized (lock) {
        if (holding != current) {
          return;
        }
        long remaining = current.validUntilNanos - System.nanoTime();
        if (remaining > 0) {
          current.deadlineTimer = schedule(remaining, deadlineCheck(current));
        } else {
          loseLocked(current, staleLeaseException());
        }
      }
    };
  }

  private LeaseTimeoutException staleLeaseException() {
    return new LeaseTimeoutException(
        logPrefix()
            + "lost, no renewal succeeded within "
            + settings.validity().toMillis()
            + " ms (heartbeat-timeout minus safety-margin), so the row may have expired");
  }

  // ----- state changes, all called with lock held -----

  private void extendLocked(Holding current, long validUntil) {
    if (validUntil - current.validUntilNanos > 0) {
      current.validUntilNanos = validUntil;
    }
  }

  private void scheduleRenewalLocked(Holding current, long delayNanos) {
    current.renewalTimer = schedule(delayNanos, () -> renew(current));
  }

  private void endHoldingLocked(Holding current) {
    holding = null;
    if (current.renewalTimer != null) {
      current.renewalTimer.cancel();
    }
    if (current.deadlineTimer != null) {
      current.deadlineTimer.cancel();
    }
  }

  private void loseLocked(Holding current, Throwable reason) {
    endHoldingLocked(current);
    log.info("{}", reason.getMessage());
    Consumer<Optional<Throwable>> callback = current.lostCallback;
    // Pekko's Lease documentation requires the callback to run only after the acquire's stage completed.
    current.callbackAfter.whenCompleteAsync((acquired, error) -> runLostCallback(callback, reason), executor);
  }

  private void runLostCallback(Consumer<Optional<Throwable>> callback, Throwable reason) {
    try {
      callback.accept(Optional.of(reason));
    } catch (RuntimeException e) {
      log.warn("Lease [{}] owner [{}]: the lease-lost callback threw", name, owner, e);
    }
  }

  // ----- helpers -----

  /**
   * Schedules {@code task} on the internal dispatcher. Returns null when the actor system is terminating,
   * because its scheduler then rejects new tasks. Renewals then stop, and {@link #checkLease()} turns
   * false when the lease turns stale.
   */
  private Cancellable schedule(long delayNanos, Runnable task) {
    try {
      return scheduler.scheduleOnce(Duration.ofNanos(Math.max(0, delayNanos)), task, executor);
    } catch (IllegalStateException e) {
      log.info("Lease [{}] owner [{}]: not scheduling renewals, the actor system is terminating", name, owner);
      return null;
    }
  }

  /**
   * Completes {@code result} on the internal dispatcher, so that callers' stages do not run on driver
   * threads. Completes it on the current thread when the dispatcher has shut down with the actor system.
   */
  private <T> void completeAsync(CompletableFuture<T> result, T value, Throwable error) {
    Runnable complete =
        () -> {
          if (error == null) {
            result.complete(value);
          } else {
            result.completeExceptionally(error);
          }
        };
    try {
      executor.execute(complete);
    } catch (RejectedExecutionException e) {
      complete.run();
    }
  }

  /**
   * Logs a warning about a failed operation unless another lease of this actor system logged one within
   * the last few seconds. The callers also report the failure through their stage or the lease-lost
   * callback, so a suppressed warning loses no outcome.
   */
  private void warnRateLimited(String message) {
    int suppressed = failureWarnings.tryAcquire();
    if (suppressed == 0) {
      log.warn("{}", message);
    } else if (suppressed > 0) {
      log.warn("{} ({} similar warnings of this actor system were suppressed before this one)", message, suppressed);
    }
  }

  /** Runs {@code operation} and turns an exception it throws into a failed stage. */
  private static CompletableFuture<LeaseWrite> call(Supplier<CompletionStage<LeaseWrite>> operation) {
    try {
      return operation.get().toCompletableFuture().copy();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private LeaseException toLeaseException(String operation, Throwable error) {
    Throwable cause = unwrap(error);
    String prefix = logPrefix() + operation;
    LeaseException failure;
    if (cause instanceof TimeoutException) {
      failure = new LeaseTimeoutException(
          prefix + " timed out after " + settings.operationTimeout().toMillis()
              + " ms (lease-operation-timeout), so Cassandra may or may not have applied it");
    } else if (isTimeout(cause)) {
      failure = new LeaseTimeoutException(
          prefix + " timed out in Cassandra, so it may or may not have been applied: " + cause);
    } else {
      failure = new LeaseException(prefix + " failed, and Cassandra may or may not have applied it: " + cause);
    }
    failure.initCause(cause);
    return failure;
  }

  /** Checks whether the driver reports a timeout: its own request timeout, or Cassandra's write or read timeout. */
  private static boolean isTimeout(Throwable cause) {
    return cause instanceof DriverTimeoutException
        || cause instanceof WriteTimeoutException
        || cause instanceof ReadTimeoutException;
  }

  private static Throwable unwrap(Throwable error) {
    Throwable cause = error;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  /** Returns the start of log and exception messages, which name the lease and owner first. */
  private String logPrefix() {
    return "Lease [" + name + "] owner [" + owner + "]: ";
  }

  private static String describeOwner(String currentOwner) {
    return currentOwner == null ? "no owner (the row expired or was deleted)" : "owner [" + currentOwner + "]";
  }
}
