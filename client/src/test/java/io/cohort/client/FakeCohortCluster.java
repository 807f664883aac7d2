package io.cohort.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cohort.partitioning.Partitioner;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * In-memory stand-in for a Cohort cluster: a few {@link HttpServer} nodes on 127.0.0.1 that share one store per
 * namespace and one placement, serve {@code /v1/kv/{key}}, {@code /v1/ns/{namespace}/kv/{key}} and
 * {@code /v1/routing} with the real API's statuses and headers, and record every request they receive. Switches
 * inject faults: 503s, delays, missing owner headers, forced errors and redirect loops.
 */
final class FakeCohortCluster implements AutoCloseable {
  static final int PARTITION_COUNT = 16;

  /** One request as a fake node received it. */
  record ReceivedRequest(int node, String method, String rawPath, Map<String, String> headers) {
    String header(String name) {
      return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }
  }

  /** An error the next key request receives instead of its normal response, without a body if slug is null. */
  record ForcedError(int status, String slug) {}

  final Partitioner partitioner = new Partitioner(PARTITION_COUNT);
  final ObjectMapper mapper = new ObjectMapper();
  final List<FakeNode> nodes = new ArrayList<>();
  /** Store of the built-in namespace, which {@code /v1/kv} and {@code /v1/ns/default/kv} address. */
  final FakeStore store = new FakeStore();
  /** Stores of the namespaces other than {@code default}, in creation order. */
  final Map<String, FakeStore> namespaceStores = Collections.synchronizedMap(new LinkedHashMap<>());
  final AtomicReferenceArray<URI> placement = new AtomicReferenceArray<>(PARTITION_COUNT);
  final AtomicLong epoch = new AtomicLong(1_000);
  final List<ReceivedRequest> keyRequests = new CopyOnWriteArrayList<>();
  final AtomicInteger routingFetches = new AtomicInteger();

  /** Number of upcoming key requests that get a 503, across all nodes. */
  final AtomicInteger unavailableResponses = new AtomicInteger();
  final AtomicReference<ForcedError> forcedError = new AtomicReference<>();
  /** Time each key request waits before it is handled, until {@link #close()} releases it. */
  volatile long keyResponseDelayMillis;
  /** If true, key responses carry {@code Cohort-Routing-Epoch} but no {@code Cohort-Owner}. */
  volatile boolean omitOwnerHeader;
  /** If true, every node responds to a redirect request with a 307 to the next node, which forms a loop. */
  volatile boolean redirectLoop;
  /** If true, {@code /v1/routing} fails with a 500. */
  volatile boolean routingBroken;
  final CountDownLatch released = new CountDownLatch(1);

  private FakeCohortCluster() {}

  /** Starts {@code nodeCount} nodes and places every partition on node 0. */
  static FakeCohortCluster start(int nodeCount) throws IOException {
    FakeCohortCluster cluster = new FakeCohortCluster();
    try {
      for (int i = 0; i < nodeCount; i++) {
        cluster.nodes.add(new FakeNode(cluster, i));
      }
    } catch (IOException | RuntimeException e) {
      cluster.close();
      throw e;
    }
    cluster.placeAll(0);
    return cluster;
  }

  /** Returns an endpoint on 127.0.0.1 whose port had a listening socket a moment ago and now rejects connections. */
  static URI refusedEndpoint() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    return URI.create("http://127.0.0.1:" + port);
  }

  URI endpoint(int node) {
    return nodes.get(node).endpoint;
  }

  List<URI> endpoints() {
    List<URI> endpoints = new ArrayList<>();
    for (FakeNode node : nodes) {
      endpoints.add(node.endpoint);
    }
    return endpoints;
  }

  /** Places every partition on {@code node} and advances the epoch. */
  void placeAll(int node) {
    for (int partition = 0; partition < PARTITION_COUNT; partition++) {
      placement.set(partition, endpoint(node));
    }
    epoch.incrementAndGet();
  }

  /** Places {@code key}'s partition on {@code owner}, which may be an endpoint of no node, and advances the epoch. */
  void place(String key, URI owner) {
    placement.set(partitioner.partitionOf(key), owner);
    epoch.incrementAndGet();
  }

  /** Places the partitions round-robin over the nodes and advances the epoch. */
  void spreadPartitions() {
    for (int partition = 0; partition < PARTITION_COUNT; partition++) {
      placement.set(partition, endpoint(partition % nodes.size()));
    }
    epoch.incrementAndGet();
  }

  /** Returns the index of the node that owns {@code key}'s partition. */
  int ownerIndexOf(String key) {
    URI owner = placement.get(partitioner.partitionOf(key));
    return endpoints().indexOf(owner);
  }

  /** Creates an empty namespace, as {@code POST /v1/namespaces} would. */
  void createNamespace(String name) {
    namespaceStores.putIfAbsent(name, new FakeStore());
  }

  /** Returns the store of namespace {@code name}, or null if it does not exist. */
  FakeStore storeOf(String name) {
    return name.equals("default") ? store : namespaceStores.get(name);
  }

  /** Returns the names of the existing namespaces, {@code default} first, as the real 404 lists them. */
  List<String> namespaceNames() {
    List<String> names = new ArrayList<>();
    names.add("default");
    synchronized (namespaceStores) {
      names.addAll(namespaceStores.keySet());
    }
    return names;
  }

  /** Returns the key requests received so far by {@code node}. */
  List<ReceivedRequest> requestsTo(int node) {
    return keyRequests.stream().filter(request -> request.node() == node).toList();
  }

  /** Returns the key requests received so far with {@code method}. */
  List<ReceivedRequest> requestsWith(String method) {
    return keyRequests.stream().filter(request -> request.method().equals(method)).toList();
  }

  /** Stops {@code node}, so that its port rejects connections. */
  void stopNode(int node) {
    nodes.get(node).stop();
  }

  /** Returns the routing table as {@code GET /v1/routing} sends it. */
  byte[] routingJson() throws IOException {
    List<Map<String, Object>> nodeList = new ArrayList<>();
    for (FakeNode node : nodes) {
      if (node.running) {
        nodeList.add(Map.of("address", "pekko://cohort@127.0.0.1:" + (25520 + node.index),
            "endpoint", node.endpoint.toString(), "status", "Up"));
      }
    }
    List<Map<String, Object>> partitions = new ArrayList<>();
    for (int partition = 0; partition < PARTITION_COUNT; partition++) {
      URI owner = placement.get(partition);
      if (owner != null) {
        partitions.add(Map.of("partition", partition, "endpoint", owner.toString()));
      }
    }
    Map<String, Object> table = new LinkedHashMap<>();
    table.put("epoch", epoch.get());
    table.put("partitionCount", PARTITION_COUNT);
    table.put("nodes", nodeList);
    table.put("partitions", partitions);
    table.put("someFutureField", "ignored by clients");
    return mapper.writeValueAsBytes(table);
  }

  /** Decodes a percent-encoded path segment as UTF-8. */
  static String percentDecode(String segment) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      if (c == '%' && i + 2 < segment.length()) {
        bytes.write(Integer.parseInt(segment.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        bytes.write(c);
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    released.countDown();
    for (FakeNode node : nodes) {
      node.stop();
    }
  }

  /** Server-side store shared by all nodes. */
  static final class FakeStore {
    record Entry(String json, long version) {}

    final Map<String, Entry> entries = new ConcurrentHashMap<>();
    final AtomicLong versions = new AtomicLong();
  }
}
