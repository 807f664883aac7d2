package io.cohort.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One response of {@code GET /v1/routing}: the placement a node observed at {@code epoch}.
 *
 * @param epoch the node's routing epoch, a millisecond timestamp of its last observed placement change
 * @param partitionCount the number of partitions of the cluster
 * @param upNodes the endpoints of the nodes with status {@code Up}
 * @param owners the owner endpoint of each placed partition, without the unplaced ones
 */
record RoutingTable(long epoch, int partitionCount, List<URI> upNodes, Map<Integer, URI> owners) {
  RoutingTable {
    upNodes = List.copyOf(upNodes);
    owners = Map.copyOf(owners);
  }

  /**
   * Parses a routing response, ignoring unknown fields.
   *
   * @throws IOException if the body is not JSON, or {@code epoch}, {@code partitionCount} or a partition entry is
   *     missing or invalid
   */
  static RoutingTable parse(ObjectMapper mapper, byte[] body) throws IOException {
    JsonNode root = mapper.readTree(body);
    if (root == null || !root.path("epoch").canConvertToLong() || !root.path("partitionCount").canConvertToInt()) {
      throw new IOException("invalid routing table: epoch or partitionCount is missing or not a number");
    }
    int partitionCount = root.get("partitionCount").asInt();
    if (partitionCount < 1) {
      throw new IOException("invalid routing table: partitionCount must be at least 1, was " + partitionCount);
    }
    return new RoutingTable(root.get("epoch").asLong(), partitionCount, upNodesOf(root),
        ownersOf(root, partitionCount));
  }

  private static List<URI> upNodesOf(JsonNode root) {
    List<URI> nodes = new ArrayList<>();
    for (JsonNode node : root.path("nodes")) {
      Optional<URI> endpoint = Endpoints.parse(node.path("endpoint").asText(null));
      if ("Up".equals(node.path("status").asText()) && endpoint.isPresent()) {
        nodes.add(endpoint.get());
      }
    }
    return nodes;
  }

  private static Map<Integer, URI> ownersOf(JsonNode root, int partitionCount) throws IOException {
    Map<Integer, URI> owners = new HashMap<>();
    for (JsonNode entry : root.path("partitions")) {
      JsonNode partition = entry.path("partition");
      Optional<URI> endpoint = Endpoints.parse(entry.path("endpoint").asText(null));
      if (!partition.canConvertToInt() || partition.asInt() < 0 || partition.asInt() >= partitionCount
          || endpoint.isEmpty()) {
        throw new IOException("invalid routing table: bad partition entry " + entry);
      }
      owners.put(partition.asInt(), endpoint.get());
    }
    return owners;
  }
}
