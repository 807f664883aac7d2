package io.cohort.chaos.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cohort.partitioning.Partitioner;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** Probe writes that reach every partition, and reads of a workload's keys once the cluster serves them. */
public final class PartitionProbes {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private PartitionProbes() {}

  /** Returns one key per partition, in partition order, for a cluster of {@code partitions} partitions. */
  public static List<String> keyPerPartition(int partitions) {
    Partitioner partitioner = new Partitioner(partitions);
    String[] probes = new String[partitions];
    int found = 0;
    for (int i = 0; found < partitions && i < 100 * partitions; i++) {
      String key = "probe-" + i;
      int partition = partitioner.partitionOf(key);
      if (probes[partition] == null) {
        probes[partition] = key;
        found++;
      }
    }
    if (found < partitions) {
      throw new IllegalStateException("found probe keys for only " + found + " of " + partitions + " partitions");
    }
    return List.of(probes);
  }

  /**
   * Returns up to {@code sample} keys, each in its own partition hosted by the node at {@code owner}, as the
   * routing table of {@code routingNode} shows it.
   */
  public static List<String> keysOn(String routingNode, String owner, int partitions, int sample)
      throws IOException {
    JsonNode table = MAPPER.readTree(KvHttp.getPath(routingNode, "/v1/routing").body());
    List<Integer> owned = new ArrayList<>();
    for (JsonNode route : table.get("partitions")) {
      if (owner.equals(route.path("endpoint").asText())) {
        owned.add(route.get("partition").asInt());
      }
    }
    if (owned.isEmpty()) {
      throw new IllegalStateException("no partition runs on " + owner + " in " + table);
    }
    List<String> keys = new ArrayList<>();
    List<String> perPartition = keyPerPartition(partitions);
    Partitioner partitioner = new Partitioner(partitions);
    for (int i = 0; i < owned.size() && keys.size() < sample; i += Math.max(1, owned.size() / sample)) {
      String key = perPartition.get(owned.get(i));
      if (partitioner.partitionOf(key) != owned.get(i)) {
        throw new IllegalStateException("key " + key + " is not in partition " + owned.get(i));
      }
      keys.add(key);
    }
    return keys;
  }

  /**
   * Writes each key through {@code baseUrl} until every write has succeeded or {@code timeout} has passed,
   * and returns the number of keys still refusing writes.
   */
  public static int writeUntilAccepted(String baseUrl, List<String> keys, Duration timeout)
      throws InterruptedException {
    return writeUntilAccepted(() -> baseUrl, keys, timeout);
  }

  /** Like {@link #writeUntilAccepted(String, List, Duration)}, asking {@code baseUrl} for a node per write. */
  public static int writeUntilAccepted(Supplier<String> baseUrl, List<String> keys, Duration timeout)
      throws InterruptedException {
    List<String> remaining = new ArrayList<>(keys);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!remaining.isEmpty() && System.nanoTime() < deadline) {
      remaining.removeIf(key -> KvHttp.put(baseUrl.get(), key, "\"probe\"").ok());
      if (!remaining.isEmpty()) {
        Thread.sleep(200);
      }
    }
    return remaining.size();
  }

  /**
   * Reads every key through {@code baseUrl}, retrying 503 and connection errors until {@code timeout}, and
   * returns each key's value, empty when the key does not exist.
   *
   * @throws IllegalStateException when a key still cannot be read at the deadline
   */
  public static Map<String, Optional<String>> readAll(String baseUrl, List<String> keys, Duration timeout)
      throws InterruptedException {
    Map<String, Optional<String>> values = new HashMap<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    for (String key : keys) {
      KvHttp.Result result = KvHttp.get(baseUrl, key);
      while ((result.status() == 503 || result.status() == 0) && System.nanoTime() < deadline) {
        Thread.sleep(500);
        result = KvHttp.get(baseUrl, key);
      }
      if (result.status() == 200) {
        values.put(key, Optional.of(result.body()));
      } else if (result.status() == 404) {
        values.put(key, Optional.empty());
      } else {
        throw new IllegalStateException("final read of " + key + " returned " + result.status() + ": " + result.body());
      }
    }
    return values;
  }
}
