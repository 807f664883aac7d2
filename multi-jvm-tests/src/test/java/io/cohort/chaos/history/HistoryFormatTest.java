package io.cohort.chaos.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cohort.chaos.HistoryBuilder;
import io.cohort.chaos.check.LinearizabilityChecker;
import io.cohort.chaos.check.LinearizabilityResult;
import io.cohort.chaos.history.Operation.Kind;
import io.cohort.chaos.history.Operation.Outcome;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryFormatTest {
  private static final List<String> TRICKY_STRINGS = List.of(
      "", "absent", "with space", "quote\"inside", "back\\slash", "line\nbreak", "tab\there",
      "cr\rhere", "control\u0001char", "delete\u007fchar", "ünïcödé ✓ 𝄞", "{\"json\": [1, 2]}",
      "#not-a-comment", "  padded  ");

  private static List<Operation> sampleHistory() {
    HistoryBuilder builder = new HistoryBuilder();
    long time = 0;
    for (String text : TRICKY_STRINGS) {
      builder.key("key " + text)
          .write(1, text, time, time + 5)
          .read(2, text, time + 1, time + 6)
          .read(2, HistoryBuilder.ABSENT, time + 1, time + 6)
          .cas(3, text, text + "!", time + 2, time + 7, Outcome.FAILED)
          .cas(3, HistoryBuilder.ABSENT, text, time + 2, time + 7, Outcome.OK);
      time += 10;
    }
    return builder.key("k")
        .writeUnknown(4, "lost?", 500)
        .write(4, "p", 600, History.PENDING_COMPLETE_NANOS, Outcome.UNKNOWN)
        .readWithoutResult(5, 700, 710, Outcome.FAILED)
        .readWithoutResult(5, -20, -10, Outcome.UNKNOWN)
        .build();
  }

  @Test
  void roundTripThroughWriter() throws IOException {
    List<Operation> original = sampleHistory();
    StringWriter text = new StringWriter();

    HistoryFormat.write(original, text);
    List<Operation> parsed = HistoryFormat.read(new StringReader(text.toString()));

    assertEquals(original, parsed);
    long lines = text.toString().lines().count();
    assertEquals(original.size() + 1, lines, "expected one line per operation plus the header");
  }

  @Test
  void roundTripThroughFile(@TempDir Path directory) throws IOException {
    List<Operation> original = sampleHistory();
    Path file = directory.resolve("history.txt");

    HistoryFormat.write(original, file);

    assertEquals(original, HistoryFormat.read(file));
    assertTrue(Files.readString(file, StandardCharsets.UTF_8).startsWith(HistoryFormat.HEADER));
  }

  @Test
  void formatsOneLinePerOperation() {
    List<Operation> operations = new HistoryBuilder()
        .write(1, "v1", 100, 200)
        .cas(2, HistoryBuilder.ABSENT, "v2", 120, 300, Outcome.FAILED)
        .read(3, "v1", 130, 400)
        .readWithoutResult(3, 500, 600, Outcome.UNKNOWN)
        .build();

    List<String> lines = operations.stream().map(HistoryFormat::formatLine).toList();

    assertEquals(List.of(
        "0 1 \"k\" WRITE OK 100 200 \"v1\"",
        "1 2 \"k\" CAS FAILED 120 300 absent \"v2\"",
        "2 3 \"k\" READ OK 130 400 \"v1\"",
        "3 3 \"k\" READ UNKNOWN 500 600 absent"),
        lines);
  }

  @Test
  void absentDiffersFromTheStringAbsent() {
    Operation absent = HistoryFormat.parseLine("0 1 \"k\" READ OK 1 2 absent");
    Operation text = HistoryFormat.parseLine("0 1 \"k\" READ OK 1 2 \"absent\"");

    assertEquals(Optional.empty(), absent.observed());
    assertEquals(Optional.of("absent"), text.observed());
  }

  @Test
  void skipsCommentsAndBlankLines() throws IOException {
    String text = "# saved by a chaos test\n\n   \n0 1 \"k\" WRITE OK 1 2 \"a\"\n# end\n";

    List<Operation> operations = HistoryFormat.read(new StringReader(text));

    assertEquals(1, operations.size());
    assertEquals(Kind.WRITE, operations.get(0).kind());
  }

  @Test
  void invalidLinesNameLineNumber() {
    String text = HistoryFormat.HEADER + "\n"
        + "0 1 \"k\" WRITE OK 1 2 \"a\"\n"
        + "1 1 \"k\" WRTE OK 3 4 \"b\"\n";

    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> HistoryFormat.read(new StringReader(text)));

    assertTrue(error.getMessage().startsWith("history line 3 is invalid"), error::getMessage);
    assertTrue(error.getMessage().contains("WRTE"), error::getMessage);
  }

  @Test
  void rejectsMalformedFields() {
    List<String> invalid = List.of(
        "0 1 \"k\" WRITE OK 1 2",
        "0 1 \"k\" WRITE OK 1 2 \"a\" \"b\"",
        "0 1 \"k\" WRITE OK 1 2 a",
        "0 1 \"k\" WRITE OK 1 2 absent",
        "0 1 k WRITE OK 1 2 \"a\"",
        "x 1 \"k\" WRITE OK 1 2 \"a\"",
        "0 1 \"k\" WRITE MAYBE 1 2 \"a\"",
        "0 1 \"k\" WRITE OK 1 2 \"unterminated",
        "0 1 \"k\" WRITE OK 1 2 \"bad \\q escape\"",
        "0 1 \"k\" WRITE OK 1 2 \"short \\u12\"",
        "0 1 \"k\" READ FAILED 1 2 \"a\"",
        "0 1 \"k\" WRITE OK 2 1 \"a\"");

    for (String line : invalid) {
      assertThrows(IllegalArgumentException.class, () -> HistoryFormat.parseLine(line), line);
    }
  }

  @Test
  void savedHistoryReplaysSameVerdict(@TempDir Path directory) throws IOException {
    List<Operation> stale = new HistoryBuilder()
        .write(1, "a", 0, 10)
        .write(1, "b", 20, 30)
        .read(2, "a", 40, 50)
        .build();
    Path file = directory.resolve("stale.history");
    HistoryFormat.write(stale, file);

    LinearizabilityResult replayed = new LinearizabilityChecker().check(HistoryFormat.read(file));

    assertEquals(LinearizabilityResult.Verdict.NOT_LINEARIZABLE, replayed.verdict());
    assertEquals(2, replayed.problems().get(0).blockedOperation().orElseThrow().id());
  }
}
