package io.cohort.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RefreshGateTest {
  private final ExecutorService executor = Executors.newCachedThreadPool();

  @AfterEach
  void stopExecutor() {
    executor.shutdownNow();
  }

  @Test
  void concurrentRequestsShareRunningRefresh() {
    AtomicInteger starts = new AtomicInteger();
    AtomicReference<CompletableFuture<Void>> running = new AtomicReference<>();
    RefreshGate gate = new RefreshGate(() -> {
      starts.incrementAndGet();
      running.set(new CompletableFuture<>());
      return running.get();
    }, 100, System::nanoTime, executor);

    CompletableFuture<Void> first = gate.request();
    CompletableFuture<Void> second = gate.request();

    assertSame(first, second);
    assertEquals(1, starts.get());
    running.get().complete(null);
    assertTrue(first.isDone());
  }

  @Test
  void startsAreRateLimited() throws Exception {
    int perSecond = 10;
    AtomicInteger starts = new AtomicInteger();
    RefreshGate gate = new RefreshGate(() -> {
      starts.incrementAndGet();
      return CompletableFuture.completedFuture(null);
    }, perSecond, System::nanoTime, executor);
    long start = System.nanoTime();
    long end = start + Duration.ofMillis(500).toNanos();

    for (int i = 0; i < 100_000 && System.nanoTime() - end < 0; i++) {
      gate.request();
      Thread.sleep(0, 200_000);
    }

    double elapsedSeconds = (System.nanoTime() - start) / 1e9;
    assertTrue(starts.get() >= 2, "starts: " + starts.get());
    assertTrue(starts.get() <= perSecond * elapsedSeconds + 1, starts.get() + " starts in " + elapsedSeconds + " s");
  }

  @Test
  void tooEarlyRequestIsScheduledNotDropped() throws Exception {
    AtomicInteger starts = new AtomicInteger();
    RefreshGate gate = new RefreshGate(() -> {
      starts.incrementAndGet();
      return CompletableFuture.completedFuture(null);
    }, 5, System::nanoTime, executor);

    gate.request();
    CompletableFuture<Void> delayed = gate.request();

    assertEquals(1, starts.get());
    delayed.get(2, TimeUnit.SECONDS);
    assertEquals(2, starts.get());
  }

  @Test
  void closeCompletesPendingRefresh() {
    AtomicInteger starts = new AtomicInteger();
    RefreshGate gate = new RefreshGate(() -> {
      starts.incrementAndGet();
      return CompletableFuture.completedFuture(null);
    }, 1, System::nanoTime, executor);
    gate.request();
    CompletableFuture<Void> pending = gate.request();

    gate.close();

    assertTrue(pending.isDone());
    assertTrue(gate.request().isDone());
    assertEquals(1, starts.get());
  }
}
