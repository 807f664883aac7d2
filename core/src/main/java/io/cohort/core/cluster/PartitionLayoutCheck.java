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
    // toCheck is the other node's configuration, actualConfig this node's.
    List<String> errors = errors(toCheck, actualConfig);
    return errors.isEmpty() ? Valid$.MODULE$ : new Invalid(CollectionConverters.asScala(errors).toList());
  }

  /**
   * Returns one message per layout key that the other node lacks or sets to another value than this node.
   * Pekko runs the check on both sides of a join, so the messages name neither side as the joining one.
   */
  static List<String> errors(Config other, Config self) {
    List<String> errors = new ArrayList<>();
    for (String key : KEYS) {
      String own = self.hasPath(key) ? self.getValue(key).unwrapped().toString() : "(unset)";
      if (!other.hasPath(key)) {
        errors.add(key + " is missing on the other node and " + own + " on this node; set the same value on"
            + " every node");
      } else if (!String.valueOf(other.getValue(key).unwrapped()).equals(own)) {
        errors.add(key + " is " + other.getValue(key).unwrapped() + " on the other node and " + own
            + " on this node; set the same value on every node");
      }
    }
    return errors;
  }
}
