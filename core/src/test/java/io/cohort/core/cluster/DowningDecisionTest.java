package io.cohort.core.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cohort.core.cluster.DowningDecision.Report;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.Address;
import org.junit.jupiter.api.Test;

class DowningDecisionTest {
  private static final Address A = node(11);
  private static final Address B = node(12);
  private static final Address C = node(13);
  private static final Address D = node(14);
  private static final Address E = node(15);
  private static final List<Address> THREE = List.of(A, B, C);
  private static final List<Address> FIVE = List.of(A, B, C, D, E);

  @Test
  void nothingToDownWhenAllAreReachable() {
    assertEquals(List.of(), DowningDecision.decide(A, THREE, Set.of(), List.of()));
  }

  @Test
  void crashedMemberIsDownedBySurvivors() {
    List<Report> reports = List.of(new Report(A, C), new Report(B, C));
    assertEquals(List.of(C), DowningDecision.decide(A, THREE, Set.of(C), reports));
    assertEquals(List.of(C), DowningDecision.decide(B, THREE, Set.of(C), reports));
  }

  @Test
  void oneWayCutDownsOneMember() {
    // B cannot send to C: B misses C's heartbeat replies and C misses B's heartbeats. A reaches both.
    List<Report> reports = List.of(new Report(B, C), new Report(C, B));
    assertEquals(List.of(C), DowningDecision.decide(A, THREE, Set.of(), reports));
  }

  @Test
  void cutBetweenLowestTwoDownsOne() {
    // A and B lost their link; C, which no one reports, decides.
    List<Report> reports = List.of(new Report(A, B), new Report(B, A));
    assertEquals(List.of(B), DowningDecision.decide(C, THREE, Set.of(), reports));
  }

  @Test
  void oneWayCutKeepsInvolvedDecider() {
    // Seen by B itself, which reaches A and not C.
    List<Report> reports = List.of(new Report(B, C), new Report(C, B));
    assertEquals(List.of(C), DowningDecision.decide(B, THREE, Set.of(C), reports));
  }

  @Test
  void minoritySideDownsItselfLast() {
    List<Report> reports = List.of(new Report(A, C), new Report(A, D), new Report(A, E),
        new Report(B, C), new Report(B, D), new Report(B, E));
    assertEquals(List.of(B, A), DowningDecision.decide(A, FIVE, Set.of(C, D, E), reports));
  }

  @Test
  void majoritySideDownsTheMinority() {
    List<Report> reports = List.of(new Report(C, A), new Report(C, B), new Report(D, A), new Report(D, B),
        new Report(E, A), new Report(E, B));
    assertEquals(List.of(A, B), DowningDecision.decide(C, FIVE, Set.of(A, B), reports));
  }

  @Test
  void evenSplitKeepsLowestAddress() {
    List<Address> four = List.of(A, B, C, D);
    assertEquals(List.of(C, D), DowningDecision.decide(A, four, Set.of(C, D), List.of()));
    assertEquals(List.of(D, C), DowningDecision.decide(C, four, Set.of(A, B), List.of()));
  }

  @Test
  void memberReportedByManyIsChosenFirst() {
    // E lost links to A, B and C in one direction; A and B also lost one link between them.
    List<Report> reports = new ArrayList<>(List.of(new Report(A, E), new Report(B, E), new Report(C, E),
        new Report(A, B)));
    assertEquals(List.of(E, B), DowningDecision.decide(D, FIVE, Set.of(), reports));
  }

  @Test
  void outsideReportsLeaveCoverAlone() {
    List<Report> reports = List.of(new Report(A, C), new Report(B, C), new Report(C, A));
    assertEquals(List.of(C), DowningDecision.decide(A, THREE, Set.of(C), reports));
  }

  private static Address node(int last) {
    return new Address("pekko", "cohort", "127.0.0." + last, 25520);
  }
}
