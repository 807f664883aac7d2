package io.cohort.core.sharding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlacementGroupsTest {

  @Test
  void partitionInExactlyOneGroup() {
    PlacementGroups groups = PlacementGroups.of(256, 32);
    List<Integer> seen = new ArrayList<>();
    for (int group = 0; group < groups.groups(); group++) {
      for (int partition : groups.partitionsOf(Integer.toString(group))) {
        assertEquals(Integer.toString(group), groups.shardOf(partition));
        seen.add(partition);
      }
    }
    assertEquals(256, seen.size());
    assertEquals(256, seen.stream().distinct().count());
  }

  @Test
  void unevenCountsKeepEveryPartition() {
    PlacementGroups groups = PlacementGroups.of(10, 4);
    assertEquals(List.of(1, 5, 9), groups.partitionsOf("1"));
    assertEquals(List.of(3, 7), groups.partitionsOf("3"));
  }

  @Test
  void fewPartitionsGetOneGroupEach() {
    PlacementGroups groups = PlacementGroups.of(16, 32);
    assertEquals(16, groups.groups());
    assertEquals(List.of(7), groups.partitionsOf("7"));
  }

  @Test
  void tooManyGroupsRejected() {
    assertThrows(IllegalArgumentException.class, () -> new PlacementGroups(4, 5));
  }
}
