package io.cohort.persistence;

import io.cohort.config.EmbeddedCassandraSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One Cassandra node for {@link CassandraLauncher}: its directory, loopback address, ports, seeds and JVM
 * sizing.
 *
 * <p>The nodes of one local cluster share the ports and differ in address and directory, for example
 * 127.0.0.1, 127.0.0.2 and 127.0.0.3 with the same seed list. A node started again on the same directory
 * keeps its data.
 *
 * @param dir directory that contains the node's generated config, data and logs; stored as an absolute path
 * @param listenAddress IPv4 loopback address for both CQL clients and other Cassandra nodes
 * @param nativePort CQL (native protocol) port
 * @param storagePort port for traffic between Cassandra nodes, the same on every node of the cluster
 * @param seedAddresses loopback addresses of the seed nodes, reached on {@code storagePort}
 * @param heap JVM heap of the node (-Xms and -Xmx), such as {@code 512M} or {@code 1G}
 * @param startTimeout how long {@link CassandraLauncher#start} waits for CQL to respond
 * @param extraJvmOptions JVM options appended after the launcher's own, such as {@code -Dcassandra.ring_delay_ms=5000}
 */
public record CassandraNode(
    Path dir,
    String listenAddress,
    int nativePort,
    int storagePort,
    List<String> seedAddresses,
    String heap,
    Duration startTimeout,
    List<String> extraJvmOptions) {

  private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
  private static final Pattern HEAP_SIZE = Pattern.compile("[1-9]\\d*[mMgG]");

  public CassandraNode {
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(startTimeout, "startTimeout");
    dir = dir.toAbsolutePath().normalize();
    requireLoopback("listenAddress", listenAddress);
    requirePort("nativePort", nativePort);
    requirePort("storagePort", storagePort);
    if (nativePort == storagePort) {
      throw new IllegalArgumentException(
          "nativePort and storagePort are both " + nativePort + "; use two different ports");
    }
    seedAddresses = List.copyOf(seedAddresses);
    if (seedAddresses.isEmpty()) {
      throw new IllegalArgumentException("seedAddresses is empty; list at least one node, such as " + listenAddress);
    }
    for (String seed : seedAddresses) {
      requireLoopback("seedAddresses", seed);
    }
    if (heap == null || !HEAP_SIZE.matcher(heap).matches()) {
      throw new IllegalArgumentException("heap = " + heap + " is invalid; use a JVM size such as 512M or 1G");
    }
    if (startTimeout.isNegative() || startTimeout.isZero()) {
      throw new IllegalArgumentException("startTimeout = " + startTimeout + " is invalid; use a positive duration");
    }
    extraJvmOptions = List.copyOf(extraJvmOptions);
  }

  /** Creates a single node from the {@code cohort.cassandra.embedded} settings that is its own seed. */
  public static CassandraNode fromSettings(EmbeddedCassandraSettings settings, Path dir) {
    return new CassandraNode(
        dir,
        settings.listenAddress(),
        settings.nativePort(),
        settings.storagePort(),
        List.of(settings.listenAddress()),
        settings.heap(),
        settings.startTimeout(),
        List.of());
  }

  /** Returns a copy of this node with another seed list, for a node that joins a multi-node cluster. */
  public CassandraNode withSeeds(List<String> seeds) {
    return new CassandraNode(
        dir, listenAddress, nativePort, storagePort, seeds, heap, startTimeout, extraJvmOptions);
  }

  /** Returns a copy of this node with the given JVM options appended after the launcher's own. */
  public CassandraNode withExtraJvmOptions(List<String> options) {
    return new CassandraNode(
        dir, listenAddress, nativePort, storagePort, seedAddresses, heap, startTimeout, options);
  }

  /** Returns the CQL contact point as {@code host:port}, such as {@code 127.0.0.1:9042}. */
  public String contactPoint() {
    return listenAddress + ":" + nativePort;
  }

  /** Returns true when this node is the only seed, which means it forms a cluster of its own. */
  public boolean isSingleNode() {
    return seedAddresses.equals(List.of(listenAddress));
  }

  private static void requireLoopback(String name, String address) {
    if (address == null || !IPV4_LITERAL.matcher(address).matches()) {
      throw new IllegalArgumentException(
          name + " contains [" + address + "], which is not an IPv4 address; use a loopback address such as 127.0.0.1");
    }
    String[] octets = address.split("\\.");
    boolean valid = octets[0].equals("127");
    for (String octet : octets) {
      int value = Integer.parseInt(octet);
      // Rejects leading zeros too, because some parsers read them as octal.
      valid &= value <= 255 && octet.equals(Integer.toString(value));
    }
    if (!valid) {
      throw new IllegalArgumentException(
          name + " contains " + address + ", which is not a loopback address; use 127.0.0.x");
    }
  }

  private static void requirePort(String name, int port) {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException(name + " = " + port + " is out of range; allowed: 1 to 65535");
    }
  }
}
