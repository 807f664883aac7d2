package io.cohort.bench.suite;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Redis from the {@code redis-server} on the PATH, with the append-only file on and fsync once per second,
 * and RDB snapshots off.
 */
final class RedisSystem implements SystemUnderTest {
  static final String HOST = "127.0.0.1";
  /** Away from Redis's default 6379, where Debian's package may have started a system Redis. */
  static final int PORT = 16379;
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration PING_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration STOP_GRACE = Duration.ofSeconds(30);

  private final Path root;
  private final Path dir;
  private final Path logFile;
  private final ProcessTracker tracker;
  private ManagedProcess process;
  private String version = "unknown";

  RedisSystem(Path root, Path logFile, ProcessTracker tracker) {
    this.root = root;
    this.dir = DataDirectory.of(root, "redis");
    this.logFile = logFile;
    this.tracker = tracker;
  }

  @Override
  public SystemKind kind() {
    return SystemKind.REDIS;
  }

  /** Returns the server's command line; the persistence options are the ones the report states. */
  List<String> command() {
    return List.of("redis-server", "--bind", HOST, "--port", Integer.toString(PORT), "--save", "",
        "--appendonly", "yes", "--appendfsync", "everysec", "--dir", dir.toString(), "--daemonize", "no");
  }

  @Override
  public void start() throws IOException, InterruptedException {
    try {
      version = ShortCommand.run(List.of("redis-server", "--version"));
    } catch (IOException e) {
      throw new IOException("redis-server --version failed (" + e.getMessage() + "); install Redis with"
          + " apt-get install -y redis-server", e);
    }
    requirePortFree();
    DataDirectory.reset(root, dir);
    Process started = new ProcessBuilder(command()).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(logFile.toFile()).start();
    process = tracker.track(new ManagedProcess("redis-server", started.toHandle(), STOP_GRACE, false));
    BenchLog.info("started redis-server (pid " + started.pid() + ") on " + HOST + ":" + PORT + "; log in " + logFile);
    awaitPong(started);
  }

  private static void requirePortFree() throws IOException {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(HOST, PORT));
    } catch (IOException e) {
      throw new IOException("port " + PORT + " on " + HOST + " is in use (" + e.getMessage() + "); stop the"
          + " process that listens there, such as a system Redis (systemctl stop redis-server)", e);
    }
  }

  /** Sends PING every 200 ms until the server replies +PONG, it exits, or the timeout passes. */
  private void awaitPong(Process started) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    String lastError = "no attempt";
    while (System.nanoTime() - deadline < 0) {
      if (!started.isAlive()) {
        throw new IOException("redis-server exited with status " + started.exitValue() + "; see " + logFile);
      }
      try {
        if (ping().startsWith("+PONG")) {
          return;
        }
        lastError = "unexpected reply to PING";
      } catch (IOException e) {
        lastError = e.getMessage();
      }
      Thread.sleep(200);
    }
    throw new IOException("redis-server did not reply to PING within " + READY_TIMEOUT.toSeconds() + " s (last"
        + " error: " + lastError + "); see " + logFile);
  }

  private static String ping() throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(HOST, PORT), (int) PING_TIMEOUT.toMillis());
      socket.setSoTimeout((int) PING_TIMEOUT.toMillis());
      OutputStream out = socket.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] reply = new byte[16];
      int read = in.read(reply);
      return read <= 0 ? "" : new String(reply, 0, read, StandardCharsets.US_ASCII);
    }
  }

  @Override
  public List<ServerProcess> serverProcesses() {
    return process == null ? List.of() : List.of(new ServerProcess("redis-server", process.handle().pid()));
  }

  @Override
  public Map<String, String> bindingProperties() {
    return Map.of("redis.endpoint", HOST + ":" + PORT);
  }

  @Override
  public List<String> settings() {
    List<String> settings = new ArrayList<>();
    settings.add(version + ".");
    settings.add("Started with `redis-server --bind " + HOST + " --port " + PORT + " --save \"\" --appendonly yes"
        + " --appendfsync everysec`: RDB snapshots are off, every write is appended to the append-only file,"
        + " and that file is fsynced once per second, so a crash can lose up to about one second of writes.");
    settings.add("YCSB binding `" + kind().bindingClass() + "` with " + CassandraSystem.describe(bindingProperties())
        + ".");
    return settings;
  }

  @Override
  public void stop() {
    if (process != null) {
      tracker.stop(process);
    }
  }
}
