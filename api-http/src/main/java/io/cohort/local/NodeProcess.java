package io.cohort.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Cohort node running as a separate JVM process, for {@code bin/cohort local} and multi-JVM tests. The
 * process writes stdout and stderr to {@code node.out} in its directory; its own logs go to {@code logs/}.
 */
public final class NodeProcess implements AutoCloseable {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final NodeSpec spec;
  private final Process process;

  private NodeProcess(NodeSpec spec, Process process) {
    this.spec = spec;
    this.process = process;
  }

  /**
   * Settings of one node process: its name, directory, the node configuration (HOCON text), its HTTP address
   * and the classpath to run {@code io.cohort.node.Main} with.
   */
  public record NodeSpec(String name, Path dir, String config, String httpHost, int httpPort, String classpath,
      List<String> jvmOptions) {

    public String baseUrl() {
      return "http://" + httpHost + ":" + httpPort;
    }
  }

  /** Starts the node process; returns as soon as the JVM runs, see {@link #awaitReady(Duration)}. */
  public static NodeProcess start(NodeSpec spec) throws IOException {
    Files.createDirectories(spec.dir());
    Path configFile = spec.dir().resolve("node.conf");
    Files.writeString(configFile, spec.config());
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(spec.jvmOptions());
    command.add("-Dcohort.log.dir=" + spec.dir().resolve("logs").toAbsolutePath());
    command.add("-cp");
    command.add(spec.classpath());
    command.add("io.cohort.node.Main");
    command.add("--config");
    command.add(configFile.toAbsolutePath().toString());
    Process process = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(spec.dir().resolve("node.out").toFile()))
        .start();
    return new NodeProcess(spec, process);
  }

  public NodeSpec spec() {
    return spec;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Completes with the exit code when the process exits, for whatever reason. */
  public java.util.concurrent.CompletableFuture<Integer> onExit() {
    return process.onExit().thenApply(Process::exitValue);
  }

  /** Returns the exit code; only valid once the process has exited. */
  public int exitCode() {
    return process.exitValue();
  }

  public String baseUrl() {
    return spec.baseUrl();
  }

  /** Waits until {@code /health/ready} returns 200, the process exits, or {@code timeout} passes. */
  public void awaitReady(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(spec.name() + " (pid " + pid() + ") exited with code "
            + process.exitValue() + " before it was ready; see " + spec.dir().resolve("node.out"));
      }
      if (isReady()) {
        return;
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException(spec.name() + " (pid " + pid() + ") was not ready after " + timeout.toSeconds()
        + " s; see " + spec.dir().resolve("node.out") + " and " + spec.dir().resolve("logs"));
  }

  public boolean isReady() {
    try {
      HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + "/health/ready"))
          .timeout(Duration.ofSeconds(2)).GET().build();
      return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Sends SIGKILL: the node gets no chance to leave the cluster or hand partitions over. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** Sends SIGTERM without waiting; {@link #stop(Duration)} waits for the exit. */
  public void requestStop() {
    process.destroy();
  }

  /**
   * Sends SIGTERM, which runs coordinated shutdown (leave, hand partitions over), and waits up to
   * {@code timeout}; then sends SIGKILL.
   */
  public void stop(Duration timeout) throws InterruptedException {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      kill();
    }
  }

  @Override
  public void close() throws InterruptedException {
    stop(Duration.ofSeconds(30));
  }
}
