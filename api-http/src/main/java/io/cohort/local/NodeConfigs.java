package io.cohort.local;

import java.util.List;
import java.util.stream.Collectors;

/** Builds the HOCON configuration of one node of a local cluster on loopback addresses. */
public final class NodeConfigs {
  private NodeConfigs() {}

  /**
   * @param host loopback address of this node, used for both Artery and HTTP
   * @param seeds Artery "host:port" of the seed nodes, the same list on every node
   */
  public static String localNode(String host, int arteryPort, int httpPort, List<String> seeds,
      List<String> cassandraContactPoints, String workDir) {
    String seedList = seeds.stream().map(seed -> "\"pekko://cohort@" + seed + "\"").collect(Collectors.joining(", "));
    String contactPoints = cassandraContactPoints.stream().map(point -> "\"" + point + "\"")
        .collect(Collectors.joining(", "));
    return String.join("\n",
        "pekko.remote.artery.canonical.hostname = \"" + host + "\"",
        "pekko.remote.artery.canonical.port = " + arteryPort,
        // Outgoing cluster connections leave from the node's own address too, so that a network fault
        // between two 127.0.0.x addresses cuts exactly one link.
        "pekko.remote.artery.advanced.tcp.outbound-client-hostname = \"" + host + "\"",
        "pekko.cluster.seed-nodes = [" + seedList + "]",
        "cohort.node.http.host = \"" + host + "\"",
        "cohort.node.http.port = " + httpPort,
        "cohort.node.work-dir = \"" + workDir.replace("\\", "\\\\").replace("\"", "\\\"") + "\"",
        "cohort.cassandra.contact-points = [" + contactPoints + "]",
        "");
  }
}
