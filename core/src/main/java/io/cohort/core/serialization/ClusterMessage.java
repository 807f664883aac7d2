package io.cohort.core.serialization;

/**
 * Marker for messages sent between nodes. They are serialized by {@link KryoSerializer}, and every
 * implementing class must be listed in {@link KryoRegistrations}.
 */
public interface ClusterMessage {}
