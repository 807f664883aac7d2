package io.cohort.client;

import java.net.URI;
import java.util.List;

/**
 * The last attempt of an operation could not connect to its node, and every retry was used up. The request never
 * reached that node, but earlier attempts of a read may have.
 */
public class NoNodeReachableException extends CohortException {
  private static final long serialVersionUID = 1L;

  private final transient List<URI> endpoints;

  /**
   * Creates an exception.
   *
   * @param endpoints the nodes the operation tried to connect to, in order
   */
  public NoNodeReachableException(String message, List<URI> endpoints, Throwable cause) {
    super(message, 0, null, cause);
    this.endpoints = List.copyOf(endpoints);
  }

  /** Returns the nodes the operation tried, in order. */
  public List<URI> endpoints() {
    return endpoints;
  }
}
