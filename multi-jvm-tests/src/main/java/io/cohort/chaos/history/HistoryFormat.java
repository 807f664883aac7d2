package io.cohort.chaos.history;

import io.cohort.chaos.history.Operation.Kind;
import io.cohort.chaos.history.Operation.Outcome;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Line-based text format for saving a history to a file and reading it back, so that a
 * history from a failed run can be replayed in a unit test.
 *
 * <p>Each operation is one line of space-separated fields:
 *
 * <pre>
 * id process key kind outcome invokeNanos completeNanos arguments...
 * 0 1 "k" WRITE OK 100 200 "v1"
 * 1 2 "k" CAS FAILED 120 300 absent "v2"
 * 2 3 "k" READ OK 130 400 "v1"
 * 3 3 "k" READ UNKNOWN 500 9223372036854775807 absent
 * </pre>
 *
 * <p>The arguments are: for READ, the observed value; for WRITE, the value written; for
 * CAS, the expected value and then the new value. Keys and values are written in double
 * quotes with backslash escapes for {@code \"}, {@code \\}, {@code \n}, {@code \r},
 * {@code \t} and {@code \}{@code uXXXX} for other control characters. The bare word
 * {@code absent} stands for an absent value, so it differs from the string {@code "absent"}.
 * Blank lines and lines starting with {@code #} are ignored. Files are UTF-8.
 */
public final class HistoryFormat {
  /** First line that {@link #write(Collection, Writer)} writes. */
  public static final String HEADER =
      "# cohort history v1: id process key kind outcome invokeNanos completeNanos arguments";

  private static final String ABSENT = "absent";

  private HistoryFormat() {}

  /** Writes {@code operations} to {@code file} in this format, replacing the file. */
  public static void write(Collection<Operation> operations, Path file) throws IOException {
    try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      write(operations, writer);
    }
  }

  /** Writes the header and one line per operation to {@code writer}, in collection order. */
  public static void write(Collection<Operation> operations, Writer writer) throws IOException {
    writer.write(HEADER);
    writer.write('\n');
    for (Operation operation : operations) {
      writer.write(formatLine(operation));
      writer.write('\n');
    }
    writer.flush();
  }

  /**
   * Reads the operations of {@code file} in line order.
   *
   * @throws IllegalArgumentException if a line is invalid, naming the file and line number
   */
  public static List<Operation> read(Path file) throws IOException {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return read(reader, file.toString());
    }
  }

  /**
   * Reads the operations from {@code reader} in line order.
   *
   * @throws IllegalArgumentException if a line is invalid, naming the line number
   */
  public static List<Operation> read(Reader reader) throws IOException {
    return read(reader, "history");
  }

  private static List<Operation> read(Reader reader, String source) throws IOException {
    BufferedReader lines = new BufferedReader(reader);
    List<Operation> operations = new ArrayList<>();
    int lineNumber = 0;
    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
      lineNumber++;
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      try {
        operations.add(parseLine(trimmed));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            source + " line " + lineNumber + " is invalid: " + e.getMessage(), e);
      }
    }
    return operations;
  }

  /** Returns the one-line text form of {@code operation}, without a line break. */
  public static String formatLine(Operation operation) {
    StringBuilder line = new StringBuilder();
    line.append(operation.id()).append(' ')
        .append(operation.process()).append(' ')
        .append(quote(operation.key())).append(' ')
        .append(operation.kind()).append(' ')
        .append(operation.outcome()).append(' ')
        .append(operation.invokeNanos()).append(' ')
        .append(operation.completeNanos());
    switch (operation.kind()) {
      case READ -> line.append(' ').append(formatValue(operation.observed()));
      case WRITE -> line.append(' ').append(quote(operation.newValue()));
      case CAS -> line.append(' ').append(formatValue(operation.expected()))
          .append(' ').append(quote(operation.newValue()));
    }
    return line.toString();
  }

  /**
   * Parses one line written by {@link #formatLine}.
   *
   * @throws IllegalArgumentException if the line has the wrong number of fields, an
   *     unknown kind or outcome, an invalid number or string, or field values that
   *     {@link Operation} rejects
   */
  public static Operation parseLine(String line) {
    List<Token> tokens = tokenize(line);
    if (tokens.size() < 7) {
      throw new IllegalArgumentException(
          "expected at least 7 fields (id process key kind outcome invokeNanos completeNanos)"
              + " but found " + tokens.size() + " in: " + line);
    }
    int id = parseInt(tokens.get(0), "id");
    int process = parseInt(tokens.get(1), "process");
    String key = tokens.get(2).requireString("key");
    Kind kind = parseEnum(Kind.class, tokens.get(3), "kind");
    Outcome outcome = parseEnum(Outcome.class, tokens.get(4), "outcome");
    long invokeNanos = parseLong(tokens.get(5), "invokeNanos");
    long completeNanos = parseLong(tokens.get(6), "completeNanos");

    int argumentCount = kind == Kind.CAS ? 2 : 1;
    if (tokens.size() != 7 + argumentCount) {
      throw new IllegalArgumentException(
          kind + " takes " + argumentCount + " argument(s) but the line has "
              + (tokens.size() - 7) + ": " + line);
    }
    Token first = tokens.get(7);
    return switch (kind) {
      case READ -> new Operation(id, process, key, kind, Optional.empty(), null,
          first.value(), invokeNanos, completeNanos, outcome);
      case WRITE -> new Operation(id, process, key, kind, Optional.empty(),
          first.requireString("written value"), Optional.empty(), invokeNanos, completeNanos,
          outcome);
      case CAS -> new Operation(id, process, key, kind, first.value(),
          tokens.get(8).requireString("new value"), Optional.empty(), invokeNanos,
          completeNanos, outcome);
    };
  }

  private static String formatValue(Optional<String> value) {
    return value.map(HistoryFormat::quote).orElse(ABSENT);
  }

  private static String quote(String text) {
    StringBuilder quoted = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> quoted.append("\\\"");
        case '\\' -> quoted.append("\\\\");
        case '\n' -> quoted.append("\\n");
        case '\r' -> quoted.append("\\r");
        case '\t' -> quoted.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            quoted.append(String.format("\\u%04x", (int) c));
          } else {
            quoted.append(c);
          }
        }
      }
    }
    return quoted.append('"').toString();
  }

  /** One field of a line: a bare word, or the unescaped content of a quoted string. */
  private record Token(String text, boolean quoted) {
    String requireString(String field) {
      if (!quoted) {
        throw new IllegalArgumentException(
            field + " must be a quoted string but is the bare word " + text);
      }
      return text;
    }

    Optional<String> value() {
      if (quoted) {
        return Optional.of(text);
      }
      if (text.equals(ABSENT)) {
        return Optional.empty();
      }
      throw new IllegalArgumentException(
          "value must be a quoted string or the word " + ABSENT + " but is " + text);
    }
  }

  private static List<Token> tokenize(String line) {
    List<Token> tokens = new ArrayList<>();
    int i = 0;
    while (i < line.length()) {
      char c = line.charAt(i);
      if (c == ' ' || c == '\t') {
        i++;
      } else if (c == '"') {
        i = readQuoted(line, i, tokens);
      } else {
        int start = i;
        while (i < line.length() && line.charAt(i) != ' ' && line.charAt(i) != '\t') {
          i++;
        }
        tokens.add(new Token(line.substring(start, i), false));
      }
    }
    return tokens;
  }

  /** Reads the quoted string that starts at {@code start} and returns the index after it. */
  private static int readQuoted(String line, int start, List<Token> tokens) {
    StringBuilder text = new StringBuilder();
    int i = start + 1;
    while (i < line.length()) {
      char c = line.charAt(i);
      if (c == '"') {
        tokens.add(new Token(text.toString(), true));
        return i + 1;
      }
      if (c != '\\') {
        text.append(c);
        i++;
        continue;
      }
      if (i + 1 >= line.length()) {
        break;
      }
      char escaped = line.charAt(i + 1);
      switch (escaped) {
        case '"' -> text.append('"');
        case '\\' -> text.append('\\');
        case 'n' -> text.append('\n');
        case 'r' -> text.append('\r');
        case 't' -> text.append('\t');
        case 'u' -> {
          if (i + 6 > line.length()) {
            throw new IllegalArgumentException(
                "incomplete \\u escape at column " + (i + 1) + " in: " + line);
          }
          try {
            text.append((char) Integer.parseInt(line.substring(i + 2, i + 6), 16));
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                "invalid \\u escape at column " + (i + 1) + " in: " + line, e);
          }
          i += 4;
        }
        default -> throw new IllegalArgumentException(
            "unknown escape \\" + escaped + " at column " + (i + 1) + " in: " + line);
      }
      i += 2;
    }
    throw new IllegalArgumentException(
        "unterminated quoted string starting at column " + (start + 1) + " in: " + line);
  }

  private static int parseInt(Token token, String field) {
    String digits = requireBare(token, field);
    try {
      return Integer.parseInt(digits);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(field + " must be an integer but is " + token.text(), e);
    }
  }

  private static long parseLong(Token token, String field) {
    String digits = requireBare(token, field);
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(field + " must be an integer but is " + token.text(), e);
    }
  }

  private static <E extends Enum<E>> E parseEnum(Class<E> type, Token token, String field) {
    String name = requireBare(token, field);
    try {
      return Enum.valueOf(type, name);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          field + " must be one of " + Arrays.toString(type.getEnumConstants())
              + " but is " + token.text(), e);
    }
  }

  private static String requireBare(Token token, String field) {
    if (token.quoted()) {
      throw new IllegalArgumentException(
          field + " must be a bare word but is the quoted string \"" + token.text() + "\"");
    }
    return token.text();
  }
}
