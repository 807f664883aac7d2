package io.cohort.chaos.check;

import io.cohort.chaos.check.LinearizabilityResult.Verdict;
import io.cohort.chaos.history.Operation;
import java.util.List;
import java.util.Optional;

/** Text of {@link LinearizabilityResult.KeyResult#explanation()}. */
final class Explanations {
  /** Maximum number of prefix operations listed, counted from the end of the prefix. */
  static final int MAX_LISTED_PREFIX = 20;

  private Explanations() {}

  static String describe(String key, Verdict verdict, String reason, int operationCount,
      long steps, List<Operation> prefix, Optional<String> valueAfterPrefix,
      Optional<Operation> blocked, List<Operation> candidates) {
    StringBuilder text = new StringBuilder();
    text.append("key '").append(key).append("': ").append(verdict)
        .append(" (").append(operationCount).append(" operations considered, ")
        .append(steps).append(" search steps): ").append(reason).append('\n');
    if (verdict == Verdict.LINEARIZABLE) {
      return text.toString().strip();
    }

    text.append("  Longest linearizable prefix found: ").append(prefix.size())
        .append(" operations, leaving the value ").append(Operation.formatValue(valueAfterPrefix))
        .append('\n');
    int firstListed = Math.max(0, prefix.size() - MAX_LISTED_PREFIX);
    if (firstListed > 0) {
      text.append("    (").append(firstListed)
          .append(" earlier operations omitted, see KeyResult.prefix())\n");
    }
    for (Operation operation : prefix.subList(firstListed, prefix.size())) {
      text.append("    ").append(operation.describe()).append('\n');
    }

    if (blocked.isPresent()) {
      text.append("  After that prefix, no operation could be linearized before this one")
          .append(" completed:\n    ").append(blocked.get().describe()).append('\n');
      text.append("  Operations tried after the prefix, each illegal or leading to a dead end:\n");
      for (Operation candidate : candidates) {
        text.append("    ").append(candidate.describe()).append('\n');
      }
    }
    return text.toString().strip();
  }
}
