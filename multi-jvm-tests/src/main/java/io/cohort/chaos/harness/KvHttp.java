package io.cohort.chaos.harness;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A small blocking HTTP client for the key-value API, used by multi-JVM tests. */
public final class KvHttp {
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(2))
      // Daemon threads, so that a command-line tool using this class ends when its main method returns.
      .executor(java.util.concurrent.Executors.newFixedThreadPool(4, task -> {
        Thread thread = new Thread(task, "kv-http");
        thread.setDaemon(true);
        return thread;
      }))
      .build();
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  /** Status and body of one response; status 0 means the request failed without a response. */
  public record Result(int status, String body) {
    public boolean ok() {
      return status >= 200 && status < 300;
    }
  }

  private KvHttp() {}

  public static String url(String baseUrl, String key) {
    return baseUrl + "/v1/kv/" + URLEncoder.encode(key, StandardCharsets.UTF_8).replace("+", "%20");
  }

  public static Result put(String baseUrl, String key, String json) {
    return send(HttpRequest.newBuilder(URI.create(url(baseUrl, key)))
        .header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(json)));
  }

  public static Result get(String baseUrl, String key) {
    return send(HttpRequest.newBuilder(URI.create(url(baseUrl, key))).GET());
  }

  public static Result getPath(String baseUrl, String path) {
    return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET());
  }

  /** Returns the URL of {@code key} in namespace {@code namespace}: {@code /v1/ns/{namespace}/kv/{key}}. */
  public static String url(String baseUrl, String namespace, String key) {
    return baseUrl + "/v1/ns/" + namespace + "/kv/"
        + URLEncoder.encode(key, StandardCharsets.UTF_8).replace("+", "%20");
  }

  public static Result put(String baseUrl, String namespace, String key, String json) {
    return send(HttpRequest.newBuilder(URI.create(url(baseUrl, namespace, key)))
        .header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(json)));
  }

  public static Result get(String baseUrl, String namespace, String key) {
    return send(HttpRequest.newBuilder(URI.create(url(baseUrl, namespace, key))).GET());
  }

  /**
   * Repeats {@code request} once a second until {@code done} accepts its result or {@code timeout} passes,
   * and returns the last result.
   */
  public static Result await(java.util.function.Supplier<Result> request, java.util.function.Predicate<Result> done,
      Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Result result = request.get();
    while (!done.test(result) && System.nanoTime() < deadline) {
      Thread.sleep(1_000);
      result = request.get();
    }
    return result;
  }

  /**
   * Sends {@code method} to {@code baseUrl + path} with a JSON body, or without a body when {@code json} is
   * null, such as {@code POST /v1/namespaces}.
   */
  public static Result send(String baseUrl, String method, String path, String json) {
    return send(baseUrl, method, path, json, REQUEST_TIMEOUT);
  }

  /**
   * Like {@link #send(String, String, String, String)} with its own bound on the request, for slow
   * operations such as creating a namespace, which creates Cassandra tables first.
   */
  public static Result send(String baseUrl, String method, String path, String json, Duration timeout) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(timeout);
    if (json == null) {
      return sendBuilt(request.method(method, HttpRequest.BodyPublishers.noBody()));
    }
    return sendBuilt(request.header("Content-Type", "application/json")
        .method(method, HttpRequest.BodyPublishers.ofString(json)));
  }

  private static Result send(HttpRequest.Builder request) {
    return sendBuilt(request.timeout(REQUEST_TIMEOUT));
  }

  private static Result sendBuilt(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response = HTTP.send(request.build(),
          HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Result(response.statusCode(), response.body());
    } catch (IOException e) {
      return new Result(0, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(0, "interrupted");
    }
  }
}
