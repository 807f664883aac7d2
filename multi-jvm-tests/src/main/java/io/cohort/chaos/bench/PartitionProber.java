package io.cohort.chaos.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes one key per probed partition in a loop through a surviving node, every {@link #INTERVAL} with a
 * {@link #TIMEOUT} per request, and records for each partition when its first write after the fault
 * succeeded. A partition's unavailability window is that completion time minus the fault time, so the
 * window is measured to within one interval plus one timeout.
 */
final class PartitionProber implements AutoCloseable {
  static final Duration INTERVAL = Duration.ofMillis(100);
  static final Duration TIMEOUT = Duration.ofMillis(1000);

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  private final ExecutorService threads;
  private final Map<String, AtomicLong> firstSuccessAfterFault = new ConcurrentHashMap<>();
  private volatile long faultNanos = Long.MAX_VALUE;
  private volatile boolean running = true;

  PartitionProber(String baseUrl, List<String> keys) {
    threads = Executors.newFixedThreadPool(keys.size());
    for (String key : keys) {
      firstSuccessAfterFault.put(key, new AtomicLong(-1));
      threads.execute(() -> probe(baseUrl, key));
    }
  }

  /** Marks the moment of the fault; writes completing after it count as recovered. */
  void faultAt(long nanos) {
    faultNanos = nanos;
  }

  /** Waits until every probed partition took a write after the fault, or until {@code timeout}. */
  boolean awaitRecovered(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (firstSuccessAfterFault.values().stream().allMatch(time -> time.get() >= 0)) {
        return true;
      }
      Thread.sleep(50);
    }
    return false;
  }

  /** Returns each recovered partition's window in milliseconds. */
  List<Long> windowsMillis() {
    List<Long> windows = new ArrayList<>();
    for (AtomicLong time : firstSuccessAfterFault.values()) {
      if (time.get() >= 0) {
        windows.add(TimeUnit.NANOSECONDS.toMillis(time.get() - faultNanos));
      }
    }
    return windows;
  }

  private void probe(String baseUrl, String key) {
    URI uri = URI.create(baseUrl + "/v1/kv/" + URLEncoder.encode(key, StandardCharsets.UTF_8));
    AtomicLong recovered = firstSuccessAfterFault.get(key);
    while (running && recovered.get() < 0) {
      long started = System.nanoTime();
      if (write(uri) && started > faultNanos) {
        recovered.compareAndSet(-1, System.nanoTime());
      }
      sleepQuietly(INTERVAL);
    }
  }

  private boolean write(URI uri) {
    try {
      HttpResponse<Void> response = http.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT)
          .header("Content-Type", "application/json")
          .PUT(HttpRequest.BodyPublishers.ofString("\"probe\"")).build(), HttpResponse.BodyHandlers.discarding());
      return response.statusCode() / 100 == 2;
    } catch (java.io.IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
      return false;
    }
  }

  private void sleepQuietly(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    threads.shutdownNow();
    threads.awaitTermination(10, TimeUnit.SECONDS);
  }
}
