package io.cohort.client;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Coalesces and rate-limits calls of an asynchronous refresh. At most one refresh is pending or running at a
 * time, and every {@link #request()} made meanwhile shares it. Consecutive starts are at least
 * {@code 1 s / maxPerSecond} apart, so a request that comes too soon schedules the refresh for the earliest
 * allowed time. Over any window of T seconds at most {@code T * maxPerSecond + 1} refreshes start.
 */
final class RefreshGate {
  private final Supplier<CompletableFuture<?>> refresh;
  private final long minIntervalNanos;
  private final LongSupplier nanoClock;
  private final Executor executor;

  // All guarded by this.
  private CompletableFuture<Void> pending;
  private boolean started;
  private long lastStartNanos;
  private boolean closed;

  RefreshGate(Supplier<CompletableFuture<?>> refresh, int maxPerSecond, LongSupplier nanoClock, Executor executor) {
    this.refresh = refresh;
    this.minIntervalNanos = TimeUnit.SECONDS.toNanos(1) / maxPerSecond;
    this.nanoClock = nanoClock;
    this.executor = executor;
  }

  /**
   * Requests a refresh and returns a future that completes when the pending or newly scheduled refresh ends.
   * It fails if that refresh fails. After {@link #close()} it returns a completed future and refreshes nothing.
   */
  CompletableFuture<Void> request() {
    CompletableFuture<Void> result;
    long waitNanos;
    synchronized (this) {
      if (pending != null) {
        return pending;
      }
      if (closed) {
        return CompletableFuture.completedFuture(null);
      }
      result = new CompletableFuture<>();
      pending = result;
      waitNanos = started ? Math.max(0, lastStartNanos + minIntervalNanos - nanoClock.getAsLong()) : 0;
    }
    if (waitNanos == 0) {
      start(result);
    } else {
      CompletableFuture.delayedExecutor(waitNanos, TimeUnit.NANOSECONDS, executor).execute(() -> start(result));
    }
    return result;
  }

  /** Stops future refreshes and completes the pending future. A refresh that is already running still ends. */
  synchronized void close() {
    closed = true;
    if (pending != null) {
      pending.complete(null);
    }
  }

  private void start(CompletableFuture<Void> result) {
    synchronized (this) {
      if (closed) {
        pending = null;
        result.complete(null);
        return;
      }
      started = true;
      lastStartNanos = nanoClock.getAsLong();
    }
    CompletableFuture<?> running;
    try {
      running = refresh.get();
    } catch (RuntimeException e) {
      running = CompletableFuture.failedFuture(e);
    }
    running.whenComplete((ignored, error) -> finish(result, error));
  }

  private void finish(CompletableFuture<Void> result, Throwable error) {
    synchronized (this) {
      pending = null;
    }
    if (error != null) {
      result.completeExceptionally(error);
    } else {
      result.complete(null);
    }
  }
}
