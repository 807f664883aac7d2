package io.cohort.chaos.bench;

import io.cohort.chaos.harness.KvHttp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends {@code count} writes to one {@link LevelTarget} from a number of client threads, which take the
 * endpoints in turn and pick each key at random from a fixed key space. Each write's latency is taken with
 * {@link System#nanoTime()} around the blocking request. Threads stop taking writes at the deadline, so a
 * slow cluster ends the phase with fewer writes sent than planned. {@link #everyKey} writes each key once in
 * order instead, so that every partition the random writes can reach has recovered before they start.
 */
final class WritePhase {
  /** Bound on the wait for a write in flight at the deadline: the client's request timeout plus a margin. */
  private static final Duration JOIN_MARGIN = Duration.ofSeconds(15);

  private final LevelTarget target;
  private final List<String> endpoints;
  private final String body;
  private final int keys;
  private final boolean sequentialKeys;
  private final long[] latencies;
  private final int[] statuses;
  private final AtomicInteger next = new AtomicInteger();
  private final AtomicInteger endpointTurn = new AtomicInteger();
  private final Map<Integer, String> firstErrorBodies = new ConcurrentHashMap<>();
  private long deadlineNanos;

  WritePhase(LevelTarget target, List<String> endpoints, String body, int keys, int count) {
    this(target, endpoints, body, keys, count, false);
  }

  private WritePhase(LevelTarget target, List<String> endpoints, String body, int keys, int count,
      boolean sequentialKeys) {
    this.target = target;
    this.endpoints = List.copyOf(endpoints);
    this.body = body;
    this.keys = keys;
    this.sequentialKeys = sequentialKeys;
    this.latencies = new long[count];
    this.statuses = new int[count];
  }

  /** Returns a phase that writes each of the {@code keys} keys once, {@code key-0} first. */
  static WritePhase everyKey(LevelTarget target, List<String> endpoints, String body, int keys) {
    return new WritePhase(target, endpoints, body, keys, keys, true);
  }

  /** Runs the writes and returns their statuses and latencies, in the order the threads took them. */
  PhaseResult run(int threads, Duration maxDuration) throws InterruptedException {
    long started = System.nanoTime();
    deadlineNanos = started + maxDuration.toNanos();
    List<Thread> workers = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      Thread worker = new Thread(this::writeUntilDone, "levels-" + target.label() + "-" + i);
      worker.setDaemon(true);
      worker.start();
      workers.add(worker);
    }
    long joinBound = started + maxDuration.plus(JOIN_MARGIN).toNanos();
    for (Thread worker : workers) {
      worker.join(Math.max(1, (joinBound - System.nanoTime()) / 1_000_000));
      if (worker.isAlive()) {
        throw new IllegalStateException(worker.getName() + " still writing " + JOIN_MARGIN.toSeconds()
            + " s after the phase's time bound of " + maxDuration.toSeconds() + " s");
      }
    }
    long elapsed = System.nanoTime() - started;
    int sent = Math.min(next.get(), latencies.length);
    return PhaseResult.of(latencies, statuses, sent, elapsed, firstErrorBodies);
  }

  private void writeUntilDone() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    while (System.nanoTime() < deadlineNanos) {
      int index = next.getAndIncrement();
      if (index >= latencies.length) {
        return;
      }
      String endpoint = endpoints.get(Math.floorMod(endpointTurn.getAndIncrement(), endpoints.size()));
      String key = "key-" + (sequentialKeys ? index : random.nextInt(keys));
      long start = System.nanoTime();
      KvHttp.Result result = target.put(endpoint, key, body);
      latencies[index] = System.nanoTime() - start;
      statuses[index] = result.status();
      if (!result.ok()) {
        firstErrorBodies.putIfAbsent(result.status(), endpoint + " " + key + ": " + result.body());
      }
    }
  }
}
