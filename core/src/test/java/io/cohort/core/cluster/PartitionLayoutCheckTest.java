package io.cohort.core.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import org.apache.pekko.cluster.Invalid;
import org.apache.pekko.cluster.Valid$;
import org.junit.jupiter.api.Test;

class PartitionLayoutCheckTest {
  private static final Config CLUSTER =
      ConfigFactory.parseString("cohort.partitions { count = 256, placement-groups = 32 }");

  @Test
  void sameLayoutJoins() {
    assertEquals(Valid$.MODULE$, new PartitionLayoutCheck().check(CLUSTER, CLUSTER));
  }

  @Test
  void otherGroupCountRejected() {
    Config joining = ConfigFactory.parseString("cohort.partitions { count = 256, placement-groups = 256 }");
    var result = new PartitionLayoutCheck().check(joining, CLUSTER);
    assertInstanceOf(Invalid.class, result);
    assertEquals(List.of("cohort.partitions.placement-groups is 256 on the other node and 32 on this node;"
        + " set the same value on every node"), PartitionLayoutCheck.errors(joining, CLUSTER));
    assertInstanceOf(Invalid.class, new PartitionLayoutCheck().check(CLUSTER, joining), "refused from both sides");
  }

  @Test
  void missingKeysAreNamed() {
    List<String> errors = PartitionLayoutCheck.errors(ConfigFactory.empty(), CLUSTER);
    assertEquals(2, errors.size());
    assertTrue(errors.get(0).startsWith("cohort.partitions.count is missing"), errors.get(0));
  }

  @Test
  void checkerRegisteredWithPekko() {
    Config config = io.cohort.config.CohortConfig.withDefaults(ConfigFactory.empty());
    assertEquals(PartitionLayoutCheck.class.getName(),
        config.getString("pekko.cluster.configuration-compatibility-check.checkers.cohort-partitions"));
  }
}
