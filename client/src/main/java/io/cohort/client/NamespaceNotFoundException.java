package io.cohort.client;

import java.util.List;

/**
 * The server responded {@code 404} with problem type {@code namespace-not-found}: the namespace of the request
 * does not exist. Create it with {@code POST /v1/namespaces} or fix the name. A missing key in an existing
 * namespace is not an error, so {@code get} and {@code delete} complete with empty for it instead.
 */
public class NamespaceNotFoundException extends CohortException {
  private static final long serialVersionUID = 1L;

  private final String namespace;
  private final List<String> existingNamespaces;

  /**
   * Creates an exception.
   *
   * @param namespace the namespace the request named
   * @param existingNamespaces the namespaces the server listed in the problem, empty if it listed none
   */
  public NamespaceNotFoundException(String message, Problem problem, String namespace,
      List<String> existingNamespaces) {
    super(message, 404, problem, null);
    this.namespace = namespace;
    this.existingNamespaces = List.copyOf(existingNamespaces);
  }

  /** Returns the name of the namespace that does not exist. */
  public String namespace() {
    return namespace;
  }

  /**
   * Returns the namespaces that existed when the server responded, as listed in the problem's {@code namespaces}
   * member, or an empty list if the problem had none.
   */
  public List<String> existingNamespaces() {
    return existingNamespaces;
  }
}
