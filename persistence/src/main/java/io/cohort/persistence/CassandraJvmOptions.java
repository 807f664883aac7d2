package io.cohort.persistence;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The JVM options of the Cassandra child process, kept in one place. */
final class CassandraJvmOptions {

  /**
   * Module exports and opens that Cassandra 5.0 needs on Java 17, as listed in the "JPMS" section of
   * conf/jvm17-server.options in the Apache Cassandra source. Cassandra reaches into these JDK internals
   * for off-heap memory, memory measurement, file handles and JMX. Without them Cassandra 5.0.6 exits
   * at start with code 3 (IllegalAccessException on sun.nio.ch.DirectBuffer.cleaner). Other entries
   * serve code paths that a short test may not reach, so the whole list is kept.
   */
  static final List<String> JAVA17_MODULE_ACCESS =
      List.of(
          "-Djdk.attach.allowAttachSelf=true",
          "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
          "--add-exports", "java.management.rmi/com.sun.jmx.remote.internal.rmi=ALL-UNNAMED",
          "--add-exports", "java.rmi/sun.rmi.registry=ALL-UNNAMED",
          "--add-exports", "java.rmi/sun.rmi.server=ALL-UNNAMED",
          "--add-exports", "java.sql/java.sql=ALL-UNNAMED",
          "--add-exports", "java.base/java.lang.ref=ALL-UNNAMED",
          "--add-exports", "jdk.unsupported/sun.misc=ALL-UNNAMED",
          "--add-exports", "jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
          "--add-exports", "jdk.attach/sun.tools.attach=ALL-UNNAMED",
          "--add-opens", "java.base/java.lang.module=ALL-UNNAMED",
          "--add-opens", "java.base/jdk.internal.loader=ALL-UNNAMED",
          "--add-opens", "java.base/jdk.internal.ref=ALL-UNNAMED",
          "--add-opens", "java.base/jdk.internal.reflect=ALL-UNNAMED",
          "--add-opens", "java.base/jdk.internal.math=ALL-UNNAMED",
          "--add-opens", "java.base/jdk.internal.module=ALL-UNNAMED",
          "--add-opens", "java.base/jdk.internal.util.jar=ALL-UNNAMED",
          "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED",
          "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
          "--add-opens", "java.base/java.io=ALL-UNNAMED",
          "--add-opens", "java.base/java.lang.reflect=ALL-UNNAMED",
          "--add-opens", "jdk.compiler/com.sun.tools.javac=ALL-UNNAMED",
          "--add-opens", "java.base/java.lang=ALL-UNNAMED",
          "--add-opens", "java.base/java.util=ALL-UNNAMED");

  /**
   * Netty settings from the same file: the first lets Netty allocate direct buffers through Unsafe, and
   * the other two restore the allocator defaults that Cassandra was tuned with before Netty 4.1.75.
   */
  static final List<String> NETTY =
      List.of(
          "-Dio.netty.tryReflectionSetAccessible=true",
          "-Dio.netty.allocator.useCacheForAllThreads=true",
          "-Dio.netty.allocator.maxOrder=11");

  private CassandraJvmOptions() {}

  /**
   * Builds the JVM options for one node, in this order: heap and GC, module access, Netty, Cassandra's
   * system properties, then the node's extra options.
   *
   * <p>No {@code cassandra.jmx.local.port} or {@code cassandra.jmx.remote.port} is set, so Cassandra starts
   * no JMX server (its startup check warns "JMX is not enabled to receive remote connections") and the
   * nodes of a local cluster cannot clash on a JMX port. nodetool does not work against these nodes.
   *
   * @param jammJar the jamm jar from Cassandra's classpath, loaded as a Java agent as Cassandra's start
   *     script does, so that Cassandra measures object sizes through instrumentation
   */
  static List<String> forNode(CassandraNode node, NodeDirectories dirs, Optional<Path> jammJar) {
    List<String> options = new ArrayList<>();
    options.add("-Xms" + node.heap());
    options.add("-Xmx" + node.heap());
    // G1 is the collector that Cassandra's jvm17-server.options selects.
    options.add("-XX:+UseG1GC");
    // Cassandra's startup check warns that a JVM that keeps running after an OutOfMemoryError can
    // corrupt data. Exiting is safe because Cassandra replays its commit log on the next start.
    options.add("-XX:+ExitOnOutOfMemoryError");
    jammJar.ifPresent(jar -> options.add("-javaagent:" + jar));

    options.addAll(JAVA17_MODULE_ACCESS);
    options.addAll(NETTY);

    // Nodes listen on IPv4 loopback addresses only.
    options.add("-Djava.net.preferIPv4Stack=true");
    // Keeps CassandraDaemon attached to its stdout and stderr instead of closing them.
    options.add("-Dcassandra-foreground=yes");
    options.add("-Dcassandra.config=" + dirs.cassandraYaml().toUri());
    options.add("-Dcassandra.storagedir=" + dirs.root());
    options.add("-Dcassandra.logdir=" + dirs.logs());
    options.add("-Dlogback.configurationFile=" + dirs.logbackXml().toUri());

    if (node.isSingleNode()) {
      // A node that is its own only seed has no peers to hear from or tell. Without these settings a
      // new node waits the ring delay (30 s) before it picks its tokens, every start waits at least 5 s
      // for gossip to settle, and every stop waits 2 s to announce the shutdown. Nodes of a multi-node
      // cluster keep all three waits.
      options.add("-Dcassandra.ring_delay_ms=0");
      options.add("-Dcassandra.skip_wait_for_gossip_to_settle=0");
      options.add("-Dcassandra.shutdown_announce_in_ms=0");
    }

    options.addAll(node.extraJvmOptions());
    return options;
  }
}
