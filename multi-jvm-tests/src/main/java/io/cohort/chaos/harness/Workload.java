package io.cohort.chaos.harness;

import io.cohort.chaos.history.History;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * Clients that read, write and compare-and-set a few keys over HTTP for a bounded time and record every
 * operation in a {@link History}.
 *
 * <p>Every write stores a value no other write uses, so a compare-and-set can be recorded by value: the
 * client reads the key and its ETag, then writes with {@code If-Match} (or {@code If-None-Match: *} when the
 * key was absent), which succeeds exactly when the key still has the value it read. Outcomes map to the
 * history as: 2xx (and 404 for a read) ok; 412 for a compare-and-set failed; 503, a timeout or a lost
 * connection unknown, because the write may have been applied.
 */
public final class Workload {
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(8);
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /**
   * @param clients number of client threads, each its own history process
   * @param keys keys the clients pick from at random
   * @param duration how long the clients run
   * @param readRatio share of plain reads; the rest is split evenly between writes and compare-and-sets
   * @param seed seed of the clients' random choices
   */
  public record Settings(int clients, List<String> keys, Duration duration, double readRatio, long seed) {}

  private Workload() {}

  /**
   * Returns the seed for client choices: {@code -Dcohort.chaos.seed} when set, so a run can be repeated,
   * else {@code fallback}.
   */
  public static long seed(long fallback) {
    String configured = System.getProperty("cohort.chaos.seed");
    return configured == null || configured.isBlank() ? fallback : Long.parseLong(configured.trim());
  }

  /**
   * Runs the clients until {@code settings.duration()} has passed and returns once each has finished its
   * last operation (bounded by the request timeout).
   *
   * @param endpointOf base URL that client {@code i} sends its requests to, asked before each operation so a
   *     test can move clients away from a failed node
   */
  public static History run(Settings settings, IntFunction<String> endpointOf) throws Exception {
    History history = new History();
    ExecutorService pool = Executors.newFixedThreadPool(settings.clients());
    long deadline = System.nanoTime() + settings.duration().toNanos();
    try {
      List<Future<?>> clients = new ArrayList<>();
      for (int client = 0; client < settings.clients(); client++) {
        int process = client;
        clients.add(pool.submit(() -> {
          runClient(process, settings, endpointOf, history, deadline);
          return null;
        }));
      }
      for (Future<?> client : clients) {
        client.get(settings.duration().plus(REQUEST_TIMEOUT.multipliedBy(3)).toSeconds(), TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    return history;
  }

  private static void runClient(int process, Settings settings, IntFunction<String> endpointOf, History history,
      long deadline) throws InterruptedException {
    Random random = new Random(settings.seed() * 31 + process);
    int counter = 0;
    while (System.nanoTime() < deadline) {
      String key = settings.keys().get(random.nextInt(settings.keys().size()));
      String endpoint = endpointOf.apply(process);
      double choice = random.nextDouble();
      if (choice < settings.readRatio()) {
        read(process, key, endpoint, history);
      } else if (choice < settings.readRatio() + (1 - settings.readRatio()) / 2) {
        write(process, key, "\"p" + process + "-" + counter++ + "\"", endpoint, history);
      } else {
        compareAndSet(process, key, "\"p" + process + "-" + counter++ + "\"", endpoint, history);
      }
      Thread.sleep(random.nextInt(20));
    }
  }

  private record Read(Optional<String> value, Optional<String> etag) {}

  private static Optional<Read> read(int process, String key, String endpoint, History history) {
    History.Invocation invocation = history.invokeRead(process, key);
    Response response = send(HttpRequest.newBuilder(URI.create(KvHttp.url(endpoint, key))).GET());
    if (response.status() == 200) {
      invocation.ok(Optional.of(response.body()));
      return Optional.of(new Read(Optional.of(response.body()), response.etag()));
    }
    if (response.status() == 404) {
      invocation.ok(Optional.empty());
      return Optional.of(new Read(Optional.empty(), Optional.empty()));
    }
    invocation.unknown();
    return Optional.empty();
  }

  private static void write(int process, String key, String value, String endpoint, History history) {
    History.Invocation invocation = history.invokeWrite(process, key, value);
    complete(invocation, put(endpoint, key, value, Optional.empty()));
  }

  private static void compareAndSet(int process, String key, String value, String endpoint, History history) {
    Optional<Read> read = read(process, key, endpoint, history);
    if (read.isEmpty()) {
      return;
    }
    History.Invocation invocation = history.invokeCas(process, key, read.get().value(), value);
    String condition = read.get().etag().map(etag -> "If-Match:" + etag).orElse("If-None-Match:*");
    complete(invocation, put(endpoint, key, value, Optional.of(condition)));
  }

  private static void complete(History.Invocation invocation, Response response) {
    if (response.status() >= 200 && response.status() < 300) {
      invocation.ok();
    } else if (response.status() == 503 || response.status() == 0) {
      invocation.unknown();
    } else {
      invocation.fail();
    }
  }

  private static Response put(String endpoint, String key, String value, Optional<String> condition) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(KvHttp.url(endpoint, key)))
        .header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(value, StandardCharsets.UTF_8));
    condition.ifPresent(header -> {
      int colon = header.indexOf(':');
      request.header(header.substring(0, colon), header.substring(colon + 1));
    });
    return send(request);
  }

  /** Status 0 stands for no response: a timeout or a connection error. */
  private record Response(int status, String body, Optional<String> etag) {}

  private static Response send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response = HTTP.send(request.timeout(REQUEST_TIMEOUT).build(),
          HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Response(response.statusCode(), response.body(), response.headers().firstValue("ETag"));
    } catch (java.io.IOException e) {
      return new Response(0, e.toString(), Optional.empty());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Response(0, "interrupted", Optional.empty());
    }
  }
}
