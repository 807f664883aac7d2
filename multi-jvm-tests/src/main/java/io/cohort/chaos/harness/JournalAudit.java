package io.cohort.chaos.harness;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads Cohort's journal from Cassandra and looks for signs of two masters writing one partition. A single
 * writer appends sequence numbers in time order, so within one persistence id the write time of the events
 * never decreases with the sequence number. A second master that wrote the same sequence numbers later
 * overwrites rows (the sequence number is part of the primary key) with a later write time than rows above
 * them, which this audit reports.
 */
public final class JournalAudit {
  private JournalAudit() {}

  /** An event written later than the event after it in the same journal. */
  public record Violation(String persistenceId, long sequenceNr, String writer, long writeTimeMicros,
      long nextSequenceNr, String nextWriter, long nextWriteTimeMicros) {}

  private record Event(long partitionNr, long sequenceNr, String writer, long writeTimeMicros) {}

  public static List<Violation> findOverwrites(String host, int port) {
    Map<String, List<Event>> journals = new HashMap<>();
    try (CqlSession session = CqlSession.builder()
        .addContactPoint(new InetSocketAddress(host, port))
        .withLocalDatacenter("datacenter1")
        .build()) {
      for (Row row : session.execute("SELECT persistence_id, partition_nr, sequence_nr, writer_uuid,"
          + " writetime(event) AS written FROM cohort_journal.messages")) {
        journals.computeIfAbsent(row.getString("persistence_id"), id -> new ArrayList<>()).add(new Event(
            row.getLong("partition_nr"), row.getLong("sequence_nr"), row.getString("writer_uuid"),
            row.getLong("written")));
      }
    }
    List<Violation> violations = new ArrayList<>();
    journals.forEach((persistenceId, events) -> {
      events.sort((a, b) -> Long.compare(a.sequenceNr(), b.sequenceNr()));
      for (int i = 0; i + 1 < events.size(); i++) {
        Event event = events.get(i);
        Event next = events.get(i + 1);
        if (event.writeTimeMicros() > next.writeTimeMicros()) {
          violations.add(new Violation(persistenceId, event.sequenceNr(), event.writer(), event.writeTimeMicros(),
              next.sequenceNr(), next.writer(), next.writeTimeMicros()));
        }
      }
    });
    return violations;
  }

  /** Returns the number of events in the journal, so a test can tell that the audit saw data. */
  public static long countEvents(String host, int port) {
    try (CqlSession session = CqlSession.builder()
        .addContactPoint(new InetSocketAddress(host, port))
        .withLocalDatacenter("datacenter1")
        .build()) {
      return session.execute("SELECT count(*) FROM cohort_journal.messages").one().getLong(0);
    }
  }
}
