package io.cohort.http;

import io.cohort.core.partition.PartitionReply;
import io.cohort.core.partition.PartitionReply.DeleteAccepted;
import io.cohort.core.partition.PartitionReply.Found;
import io.cohort.core.partition.PartitionReply.KeyNotFound;
import io.cohort.core.partition.PartitionReply.PartitionFull;
import io.cohort.core.partition.PartitionReply.PutAccepted;
import io.cohort.core.partition.PartitionReply.VersionConflict;
import io.cohort.core.partition.Precondition;
import java.util.List;
import java.util.Map;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;

/** Maps partition replies to HTTP responses. */
final class ReplyResponses {
  private ReplyResponses() {}

  record WriteResult(String key, long version) {}

  static HttpResponse toResponse(PartitionReply reply) {
    if (reply instanceof Found found) {
      return HttpResponse.create()
          .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, found.value()))
          .addHeader(etag(found.version()));
    } else if (reply instanceof PutAccepted accepted) {
      return Problems.json(accepted.created() ? StatusCodes.CREATED : StatusCodes.OK,
              new WriteResult(accepted.key(), accepted.version()))
          .addHeader(etag(accepted.version()));
    } else if (reply instanceof DeleteAccepted deleted) {
      return HttpResponse.create().withStatus(StatusCodes.NO_CONTENT).addHeader(etag(deleted.version()));
    } else if (reply instanceof KeyNotFound notFound) {
      return Problems.response(StatusCodes.NOT_FOUND, "key-not-found",
          "key [" + notFound.key() + "] does not exist", Map.of("key", notFound.key()), List.of());
    } else if (reply instanceof VersionConflict conflict) {
      return versionConflict(conflict);
    } else if (reply instanceof PartitionFull full) {
      return partitionFull(full);
    } else if (reply instanceof PartitionReply.Overloaded overloaded) {
      return Problems.unavailable("partition " + overloaded.partition() + " has " + overloaded.queued()
          + " writes waiting for the journal, so it rejected this write without applying it; retry after a"
          + " second, and check that Cassandra is up and keeping pace", 1);
    } else if (reply instanceof PartitionReply.Moving moving) {
      return Problems.unavailable("partition " + moving.partition() + " is moving to another node and received"
          + " this request after it stopped taking requests, so nothing was applied; retry after a second", 1);
    } else if (reply instanceof PartitionReply.LeaseNotHeld notHeld) {
      return Problems.unavailable("partition " + notHeld.partition() + " is moving: the copy that received this"
          + " request no longer holds the partition's lease, so it served nothing; retry after a second", 1);
    } else if (reply instanceof PartitionReply.ReplicasUnavailable unavailable) {
      return Problems.unavailable("replicas-unavailable", "partition " + unavailable.partition()
          + " rejected the write: " + unavailable.detail(),
          Map.of("partition", unavailable.partition()), 1);
    } else if (reply instanceof PartitionReply.NoHostForRole noHost) {
      return noHostForRole(noHost);
    } else if (reply instanceof PartitionReply.OutcomeUnknown unknown) {
      return Problems.unavailable("outcome-unknown", "partition " + unknown.partition() + " wrote key ["
          + unknown.key() + "] to its journal, but could not confirm the write: " + unknown.detail()
          + ". The write may or may not take effect; read the key before you retry",
          Map.of("partition", unknown.partition(), "key", unknown.key()), 1);
    } else if (reply instanceof PartitionReply.NoMajority noMajority) {
      return Problems.unavailable("no-majority", "partition " + noMajority.partition() + " served nothing: "
          + noMajority.detail() + ". The partition moves to the side that holds the majority; retry through"
          + " a node on that side", Map.of("partition", noMajority.partition()), 1);
    }
    throw new IllegalArgumentException("no HTTP mapping for reply " + reply.getClass().getName());
  }

  private static HttpResponse noHostForRole(PartitionReply.NoHostForRole noHost) {
    return Problems.unavailable("no-host-for-role", "no cluster member that is up has the role ["
        + noHost.role() + "], which hosts the partitions of namespace [" + noHost.namespace() + "]; start a"
        + " node with that role in pekko.cluster.roles, then retry",
        Map.of("namespace", noHost.namespace(), "role", noHost.role()), 5);
  }

  /** 307 to the node that hosts the key's partition, for a client that asked for redirects. */
  static HttpResponse redirect(String location, String key, int partition) {
    return Problems.response(StatusCodes.TEMPORARY_REDIRECT, "partition-elsewhere", "partition " + partition
        + " of key [" + key + "] runs on another node; send the request to " + location,
        Map.of("key", key, "partition", partition), List.of(RawHeader.create("Location", location)));
  }

  /** Builds the 304 or 412 of a read decided by If-None-Match or If-Match; {@code version} is 0 when absent. */
  static HttpResponse readPreconditionResponse(String key, long version, int status) {
    if (status == 304) {
      return HttpResponse.create().withStatus(StatusCodes.NOT_MODIFIED).addHeader(etag(version));
    }
    String current = version == 0 ? "does not exist" : "has ETag " + ConditionalHeaders.etagOf(version);
    return Problems.response(StatusCodes.PRECONDITION_FAILED, "version-conflict", "key [" + key + "] " + current
        + ", which does not match If-Match; read the key without If-Match to get its current ETag",
        Map.of("key", key, "currentVersion", version), List.of());
  }

  private static RawHeader etag(long version) {
    return RawHeader.create("ETag", ConditionalHeaders.etagOf(version));
  }

  private static HttpResponse versionConflict(VersionConflict conflict) {
    String current = conflict.currentVersion() == 0
        ? "does not exist"
        : "has ETag " + ConditionalHeaders.etagOf(conflict.currentVersion());
    String detail = "key [" + conflict.key() + "] " + current + ", but the request required "
        + describe(conflict.precondition()) + "; read the key again and retry with its current ETag";
    return Problems.response(StatusCodes.PRECONDITION_FAILED, "version-conflict", detail,
        Map.of("key", conflict.key(), "currentVersion", conflict.currentVersion()), List.of());
  }

  private static String describe(Precondition precondition) {
    return switch (precondition.kind()) {
      case ANY -> "nothing";
      case ABSENT -> "that it be absent (If-None-Match: *)";
      case PRESENT -> "that it exist (If-Match: *)";
      case VERSION -> "If-Match: " + ConditionalHeaders.etagOf(precondition.version());
    };
  }

  private static HttpResponse partitionFull(PartitionFull full) {
    String detail = "partition " + full.partition() + " is full: " + full.usedBytes() + " of " + full.maxBytes()
        + " bytes used and this write needs " + full.requestBytes() + "; delete keys or store smaller values"
        + " in this partition, or raise cohort.partitions.max-bytes (at most 12 MiB) on every node";
    return Problems.response(StatusCodes.INSUFFICIENT_STORAGE, "partition-full", detail,
        Map.of("partition", full.partition(), "usedBytes", full.usedBytes(), "maxBytes", full.maxBytes()),
        List.of());
  }
}
