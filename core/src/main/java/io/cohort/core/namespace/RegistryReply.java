package io.cohort.core.namespace;

import io.cohort.config.namespace.FieldError;
import io.cohort.core.serialization.ClusterMessage;
import java.util.ArrayList;

/** Replies of the namespace registry. Rejections quote what caused them. */
public sealed interface RegistryReply extends ClusterMessage {

  record Created(Namespace namespace) implements RegistryReply {}

  record Changed(Namespace namespace) implements RegistryReply {}

  record Removed(Namespace namespace) implements RegistryReply {}

  /** A namespace of that name exists already; {@code existing} carries its settings. */
  record AlreadyExists(Namespace existing) implements RegistryReply {}

  /** No namespace has that name (and generation); {@code existing} lists the names that do exist. */
  record Unknown(String name, ArrayList<String> existing) implements RegistryReply {}

  /** The change names invalid or immutable fields. */
  record Rejected(String name, ArrayList<FieldError> errors) implements RegistryReply {}
}
