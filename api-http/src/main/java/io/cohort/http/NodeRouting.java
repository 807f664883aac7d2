package io.cohort.http;

import io.cohort.core.routing.RoutingView;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;

/**
 * This node's latest {@link RoutingView}, read by request handlers without messaging, and the routing headers
 * it puts on key responses: {@code Cohort-Partition}, {@code Cohort-Owner} (the owner's HTTP endpoint) when
 * the owner is known, and {@code Cohort-Routing-Epoch} once this node has seen any placement.
 */
public final class NodeRouting {
  public static final String PARTITION_HEADER = "Cohort-Partition";
  public static final String OWNER_HEADER = "Cohort-Owner";
  public static final String EPOCH_HEADER = "Cohort-Routing-Epoch";
  /** Request header that requests a 307 to the owner instead of forwarding inside the cluster. */
  public static final String REDIRECT_HEADER = "Cohort-Redirect";

  private volatile RoutingView view = RoutingView.EMPTY;
  private volatile String selfEndpoint = "";

  public RoutingView view() {
    return view;
  }

  public void update(RoutingView next) {
    view = next;
  }

  /** Sets the endpoint clients use for this node, once its HTTP port is bound. */
  public void selfEndpoint(String endpoint) {
    selfEndpoint = endpoint;
  }

  List<HttpHeader> headers(int partition) {
    RoutingView current = view;
    List<HttpHeader> headers = new ArrayList<>(3);
    headers.add(RawHeader.create(PARTITION_HEADER, Integer.toString(partition)));
    current.ownerEndpoint(partition).ifPresent(owner -> headers.add(RawHeader.create(OWNER_HEADER, owner)));
    if (current.epoch() > 0) {
      headers.add(RawHeader.create(EPOCH_HEADER, Long.toString(current.epoch())));
    }
    return headers;
  }

  /** Returns the owner's endpoint when the partition is known to run on another node, for a redirect. */
  Optional<String> elsewhere(int partition) {
    return view.ownerEndpoint(partition).filter(owner -> !owner.equals(selfEndpoint));
  }
}
