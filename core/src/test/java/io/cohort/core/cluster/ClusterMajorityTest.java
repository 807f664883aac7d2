package io.cohort.core.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.actor.Address;
import org.junit.jupiter.api.Test;

class ClusterMajorityTest {
  private static final Address A = node(11);
  private static final Address B = node(12);
  private static final Address C = node(13);
  private static final Address D = node(14);
  private static final Address E = node(15);

  @Test
  void servesWhileEveryMemberIsReachable() {
    assertEquals(Optional.empty(), ClusterMajority.decide(A, List.of(A, B, C), Set.<Address>of()::contains));
  }

  @Test
  void servesWithOneOfThreeLost() {
    assertEquals(Optional.empty(), ClusterMajority.decide(B, List.of(A, B, C), Set.of(C)::contains));
  }

  @Test
  void refusesWhenTwoOfThreeAreLost() {
    Optional<String> reason = ClusterMajority.decide(C, List.of(A, B, C), Set.of(A, B)::contains);
    assertTrue(reason.isPresent());
    assertTrue(reason.get().contains("reaches 1 of 3"), reason.get());
    assertTrue(reason.get().contains("127.0.0.11"), reason.get());
  }

  @Test
  void minorityOfFiveRefusesAndMajorityServes() {
    List<Address> all = List.of(A, B, C, D, E);
    assertTrue(ClusterMajority.decide(A, all, Set.of(C, D, E)::contains).isPresent());
    assertTrue(ClusterMajority.decide(B, all, Set.of(C, D, E)::contains).isPresent());
    assertEquals(Optional.empty(), ClusterMajority.decide(C, all, Set.of(A, B)::contains));
  }

  @Test
  void evenSplitKeepsLowestAddress() {
    List<Address> all = List.of(A, B, C, D);
    assertEquals(Optional.empty(), ClusterMajority.decide(A, all, Set.of(C, D)::contains));
    assertTrue(ClusterMajority.decide(C, all, Set.of(A, B)::contains).isPresent());
  }

  @Test
  void lastOfTwoNeedsLowestAddress() {
    assertEquals(Optional.empty(), ClusterMajority.decide(A, List.of(A, B), Set.of(B)::contains));
    assertTrue(ClusterMajority.decide(B, List.of(A, B), Set.of(A)::contains).isPresent());
  }

  @Test
  void lowestAddressComparesPortsOnTheSameHost() {
    Address low = new Address("pekko", "cohort", "127.0.0.1", 2551);
    Address high = new Address("pekko", "cohort", "127.0.0.1", 2552);
    assertEquals(Optional.empty(), ClusterMajority.decide(low, List.of(high, low), Set.of(high)::contains));
    assertTrue(ClusterMajority.decide(high, List.of(high, low), Set.of(low)::contains).isPresent());
  }

  private static Address node(int last) {
    return new Address("pekko", "cohort", "127.0.0." + last, 25520);
  }
}
