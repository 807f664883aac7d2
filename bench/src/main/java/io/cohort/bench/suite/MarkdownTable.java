package io.cohort.bench.suite;

import java.util.ArrayList;
import java.util.List;

/** A Markdown table whose first columns are left-aligned and the others right-aligned; bars in cells are escaped. */
final class MarkdownTable {
  private final List<String> header;
  private final int leftAlignedColumns;
  private final List<List<String>> rows = new ArrayList<>();

  MarkdownTable(List<String> header, int leftAlignedColumns) {
    this.header = List.copyOf(header);
    this.leftAlignedColumns = leftAlignedColumns;
  }

  MarkdownTable row(List<String> cells) {
    if (cells.size() != header.size()) {
      throw new IllegalArgumentException("row has " + cells.size() + " cells for " + header.size() + " columns");
    }
    rows.add(List.copyOf(cells));
    return this;
  }

  boolean isEmpty() {
    return rows.isEmpty();
  }

  String render() {
    StringBuilder text = new StringBuilder();
    appendRow(text, header);
    List<String> rule = new ArrayList<>();
    for (int i = 0; i < header.size(); i++) {
      rule.add(i < leftAlignedColumns ? "---" : "---:");
    }
    appendRow(text, rule);
    rows.forEach(row -> appendRow(text, row));
    return text.toString();
  }

  private static void appendRow(StringBuilder text, List<String> cells) {
    text.append('|');
    for (String cell : cells) {
      text.append(' ').append(cell.replace("|", "\\|")).append(" |");
    }
    text.append('\n');
  }
}
