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

/**
 * Writes one key per probed partition in a loop through a surviving node, every {@link #INTERVAL} with a
 * {@link #TIMEOUT} per request, and records every write. A partition's unavailability window is computed by
 * {@link WriteWindow} from those writes, so it is measured to within one interval plus one timeout.
 */
final class PartitionProber implements AutoCloseable {
  static final Duration INTERVAL = Duration.ofMillis(100);
  static final Duration TIMEOUT = Duration.ofMillis(1000);

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  private final ExecutorService threads;
  private final Map<String, List<WriteWindow.Attempt>> attempts = new ConcurrentHashMap<>();
  private volatile long faultNanos = Long.MAX_VALUE;
  private volatile boolean running = true;

  PartitionProber(String baseUrl, List<String> keys) {
    threads = Executors.newFixedThreadPool(keys.size());
    for (String key : keys) {
      attempts.put(key, java.util.Collections.synchronizedList(new ArrayList<>()));
      threads.execute(() -> probe(baseUrl, key));
    }
  }

  /** Marks the moment of the fault, from which windows count. */
  void faultAt(long nanos) {
    faultNanos = nanos;
  }

  /**
   * Waits until every probed partition took a write that started after {@code sinceNanos}, or until
   * {@code timeout}.
   */
  boolean awaitWritesSince(long sinceNanos, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (attempts.values().stream().allMatch(list -> succeededSince(list, sinceNanos))) {
        return true;
      }
      Thread.sleep(50);
    }
    return false;
  }

  private static boolean succeededSince(List<WriteWindow.Attempt> list, long sinceNanos) {
    synchronized (list) {
      return list.stream().anyMatch(attempt -> attempt.ok() && attempt.startNanos() > sinceNanos);
    }
  }

  /** Returns each partition's window in milliseconds, leaving out partitions without a write since the fault. */
  List<Long> windowsMillis() {
    List<Long> windows = new ArrayList<>();
    for (List<WriteWindow.Attempt> list : attempts.values()) {
      long nanos;
      synchronized (list) {
        nanos = WriteWindow.nanos(List.copyOf(list), faultNanos);
      }
      if (nanos >= 0) {
        windows.add(TimeUnit.NANOSECONDS.toMillis(nanos));
      }
    }
    return windows;
  }

  private void probe(String baseUrl, String key) {
    URI uri = URI.create(baseUrl + "/v1/kv/" + URLEncoder.encode(key, StandardCharsets.UTF_8));
    List<WriteWindow.Attempt> list = attempts.get(key);
    while (running) {
      long started = System.nanoTime();
      boolean ok = write(uri);
      list.add(new WriteWindow.Attempt(started, System.nanoTime(), ok));
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
