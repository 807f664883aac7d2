package io.cohort.core.serialization;

/**
 * Marker for events and snapshots written to the journal. They are serialized as CBOR by Pekko's Jackson
 * serializer, so their JSON shape is a storage format: rename or remove a field only with a migration.
 */
public interface JournalSerializable {}
