package io.cohort.core.cluster;

import com.typesafe.config.Config;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.cluster.ConfigValidation;
import org.apache.pekko.cluster.Invalid;
import org.apache.pekko.cluster.JoinConfigCompatChecker;
import org.apache.pekko.cluster.Valid$;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Refuses a node whose partition layout differs from the cluster's when it joins. Two nodes with different
 * partition counts send one key to two partitions. Two nodes with different placement groups put one
 * partition in two shards, and the coordinator may start those on two nodes at once: two masters of one
 * partition. Pekko runs this check on join through
 * {@code pekko.cluster.configuration-compatibility-check.checkers}.
 */
public final class PartitionLayoutCheck extends JoinConfigCompatChecker {
  static final List<String> KEYS = List.of("cohort.partitions.count", "cohort.partitions.placement-groups");

  @Override
  public scala.collection.immutable.Seq<String> requiredKeys() {
    return CollectionConverters.asScala(KEYS).toList();
  }

  @Override
  public ConfigValidation check(Config toCheck, Config actualConfig) {
    List<String> errors = errors(toCheck, actualConfig);
    return errors.isEmpty() ? Valid$.MODULE$ : new Invalid(CollectionConverters.asScala(errors).toList());
  }

  /** Returns one message per layout key whose joining value is missing or differs from this node's. */
  static List<String> errors(Config joining, Config cluster) {
    List<String> errors = new ArrayList<>();
    for (String key : KEYS) {
      String expected = cluster.hasPath(key) ? cluster.getValue(key).unwrapped().toString() : "(unset)";
      if (!joining.hasPath(key)) {
        errors.add(key + " is missing on the joining node; set it to " + expected + " as on the cluster's nodes");
      } else if (!String.valueOf(joining.getValue(key).unwrapped()).equals(expected)) {
        errors.add(key + " is " + joining.getValue(key).unwrapped() + " on the joining node but " + expected
            + " in the cluster; use the same value on every node");
      }
    }
    return errors;
  }
}
