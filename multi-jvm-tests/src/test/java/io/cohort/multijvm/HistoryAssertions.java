package io.cohort.multijvm;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cohort.chaos.check.AcknowledgedWritesChecker;
import io.cohort.chaos.check.LinearizabilityChecker;
import io.cohort.chaos.check.LinearizabilityResult;
import io.cohort.chaos.history.History;
import io.cohort.chaos.history.HistoryFormat;
import io.cohort.chaos.history.Operation;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The checks every fault scenario makes on its recorded history. */
final class HistoryAssertions {
  private static final Logger log = LoggerFactory.getLogger(HistoryAssertions.class);

  private HistoryAssertions() {}

  /**
   * Saves the history to {@code savedAs} for replay, then asserts that it has enough acknowledged operations
   * to judge, that no acknowledged write is missing from {@code finalValues} and that it is linearizable.
   */
  static void assertHolds(String phase, History history, Map<String, Optional<String>> finalValues, Path savedAs)
      throws Exception {
    HistoryFormat.write(history.operations(), savedAs);
    long acknowledged = history.operations().stream()
        .filter(operation -> operation.outcome() == Operation.Outcome.OK).count();
    log.info("phase {}: {} operations, {} acknowledged; history in {}", phase, history.operations().size(),
        acknowledged, savedAs);
    assertTrue(acknowledged > 50, "too few acknowledged operations to judge: " + acknowledged);

    AcknowledgedWritesChecker.Result writes = new AcknowledgedWritesChecker().check(history.operations(), finalValues);
    assertTrue(writes.passed(), writes.explanation());
    LinearizabilityResult linearizability = new LinearizabilityChecker().check(history.operations());
    assertTrue(linearizability.isLinearizable(), linearizability.explanation());
  }
}
