package io.cohort.bench.suite;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A line chart as an SVG document, written as plain text: one polyline with point markers per series over
 * evenly spaced categories on the x axis, a linear or base-10 logarithmic y axis, axis labels and a legend.
 */
final class SvgLineChart {

  /** One line of the chart; a NaN value leaves that category out of the line. */
  record Series(String name, List<Double> values) {
    Series {
      values = List.copyOf(values);
    }
  }

  private static final int WIDTH = 760;
  private static final int HEIGHT = 440;
  private static final int LEFT = 90;
  private static final int RIGHT = 170;
  private static final int TOP = 50;
  private static final int BOTTOM = 70;
  private static final int TARGET_TICKS = 5;
  private static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"};

  private final String title;
  private final String xLabel;
  private final String yLabel;
  private final List<String> categories;
  private final boolean logY;

  SvgLineChart(String title, String xLabel, String yLabel, List<String> categories, boolean logY) {
    if (categories.isEmpty()) {
      throw new IllegalArgumentException("a chart needs at least one category on the x axis");
    }
    this.title = title;
    this.xLabel = xLabel;
    this.yLabel = yLabel;
    this.categories = List.copyOf(categories);
    this.logY = logY;
  }

  /** Renders the chart; each series must have one value per category. */
  String render(List<Series> series) {
    for (Series line : series) {
      if (line.values().size() != categories.size()) {
        throw new IllegalArgumentException("series " + line.name() + " has " + line.values().size()
            + " values for " + categories.size() + " categories");
      }
    }
    YAxis axis = logY ? YAxis.logarithmic(positiveValues(series)) : YAxis.linear(finiteValues(series));
    StringBuilder svg = new StringBuilder();
    svg.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
        + " viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n", WIDTH, HEIGHT, WIDTH, HEIGHT));
    svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    text(svg, WIDTH / 2.0, 28, "middle", "font-size=\"16\"", title);
    appendAxes(svg, axis);
    for (int i = 0; i < series.size(); i++) {
      appendSeries(svg, series.get(i), COLORS[i % COLORS.length], axis);
      appendLegendEntry(svg, i, series.get(i).name(), COLORS[i % COLORS.length]);
    }
    svg.append("</svg>\n");
    return svg.toString();
  }

  private void appendAxes(StringBuilder svg, YAxis axis) {
    double bottom = HEIGHT - BOTTOM;
    double right = WIDTH - RIGHT;
    svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"black\"/>%n",
        LEFT, bottom, right, bottom));
    svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%.1f\" stroke=\"black\"/>%n",
        LEFT, TOP, LEFT, bottom));
    for (double tick : axis.ticks()) {
      double y = yPosition(axis, tick);
      svg.append(String.format(Locale.ROOT,
          "<line x1=\"%d\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#dddddd\"/>%n", LEFT, y, right, y));
      text(svg, LEFT - 8, y + 4, "end", "", formatTick(tick));
    }
    for (int i = 0; i < categories.size(); i++) {
      text(svg, xPosition(i), bottom + 18, "middle", "", categories.get(i));
    }
    text(svg, (LEFT + right) / 2, HEIGHT - 25, "middle", "", xLabel);
    double middle = (TOP + bottom) / 2;
    text(svg, 22, middle, "middle", String.format(Locale.ROOT, "transform=\"rotate(-90 22 %.1f)\"", middle), yLabel);
  }

  private void appendSeries(StringBuilder svg, Series series, String color, YAxis axis) {
    List<String> points = new ArrayList<>();
    StringBuilder markers = new StringBuilder();
    for (int i = 0; i < categories.size(); i++) {
      double value = series.values().get(i);
      if (!axis.canShow(value)) {
        continue;
      }
      double x = xPosition(i);
      double y = yPosition(axis, value);
      points.add(String.format(Locale.ROOT, "%.1f,%.1f", x, y));
      String tooltip = series.name() + ", " + categories.get(i) + ": " + formatValue(value);
      markers.append(String.format(Locale.ROOT,
          "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"%s\"><title>%s</title></circle>%n",
          x, y, color, escape(tooltip)));
    }
    svg.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\">"
        + "<title>%s</title></polyline>%n", color, String.join(" ", points), escape(series.name())));
    svg.append(markers);
  }

  private void appendLegendEntry(StringBuilder svg, int index, String name, String color) {
    double x = WIDTH - RIGHT + 20;
    double y = TOP + 10 + index * 22;
    svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\""
        + " stroke-width=\"3\"/>%n", x, y, x + 24, y, color));
    text(svg, x + 30, y + 4, "start", "", name);
  }

  private double xPosition(int index) {
    double plotWidth = WIDTH - LEFT - RIGHT;
    return LEFT + (index + 0.5) * plotWidth / categories.size();
  }

  private static double yPosition(YAxis axis, double value) {
    double plotHeight = HEIGHT - TOP - BOTTOM;
    return HEIGHT - BOTTOM - axis.fraction(value) * plotHeight;
  }

  private static void text(StringBuilder svg, double x, double y, String anchor, String extra, String content) {
    svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\"%s>%s</text>%n",
        x, y, anchor, extra.isEmpty() ? "" : " " + extra, escape(content)));
  }

  /** Formats a tick label without binary rounding noise, with thousands separators from 1,000 on. */
  static String formatTick(double tick) {
    if (Math.abs(tick) >= 1000) {
      return String.format(Locale.ROOT, "%,.0f", tick);
    }
    return new BigDecimal(Double.toString(tick)).stripTrailingZeros().toPlainString();
  }

  private static String formatValue(double value) {
    return value >= 100 ? String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%.3g", value);
  }

  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
        .replace("'", "&apos;");
  }

  private static List<Double> finiteValues(List<Series> series) {
    List<Double> values = new ArrayList<>();
    series.forEach(line -> line.values().stream().filter(Double::isFinite).forEach(values::add));
    return values;
  }

  private static List<Double> positiveValues(List<Series> series) {
    List<Double> values = new ArrayList<>();
    series.forEach(line -> line.values().stream().filter(v -> Double.isFinite(v) && v > 0).forEach(values::add));
    return values;
  }

  /** The y axis range and ticks. */
  private record YAxis(double min, double max, boolean log, List<Double> ticks) {

    /** Starts at 0 and ends at a multiple of a 1, 2 or 5 step above the largest value. */
    static YAxis linear(List<Double> values) {
      double largest = values.stream().mapToDouble(Double::doubleValue).max().orElse(1);
      if (largest <= 0) {
        largest = 1;
      }
      double rough = largest / TARGET_TICKS;
      int exponent = (int) Math.floor(Math.log10(rough));
      // Decimal steps keep tick labels such as 0.3 free of binary rounding, which 3 * 0.1 would show.
      BigDecimal step = BigDecimal.TEN.scaleByPowerOfTen(exponent);
      for (int factor : new int[] {1, 2, 5, 10}) {
        step = BigDecimal.valueOf(factor).scaleByPowerOfTen(exponent);
        if (step.doubleValue() >= rough) {
          break;
        }
      }
      long steps = (long) Math.ceil(largest / step.doubleValue());
      List<Double> ticks = new ArrayList<>();
      for (long i = 0; i <= steps; i++) {
        ticks.add(step.multiply(BigDecimal.valueOf(i)).doubleValue());
      }
      double top = ticks.get(ticks.size() - 1);
      return new YAxis(0, top, false, ticks);
    }

    /** Spans whole powers of ten around the positive values, with a tick at each. */
    static YAxis logarithmic(List<Double> values) {
      double smallest = values.stream().mapToDouble(Double::doubleValue).min().orElse(1);
      double largest = values.stream().mapToDouble(Double::doubleValue).max().orElse(10);
      int low = (int) Math.floor(Math.log10(smallest));
      int high = (int) Math.ceil(Math.log10(largest));
      if (high <= low) {
        high = low + 1;
      }
      List<Double> ticks = new ArrayList<>();
      for (int exponent = low; exponent <= high; exponent++) {
        ticks.add(Double.parseDouble("1E" + exponent));
      }
      return new YAxis(Math.pow(10, low), Math.pow(10, high), true, ticks);
    }

    boolean canShow(double value) {
      return Double.isFinite(value) && (!log || value > 0);
    }

    /** Returns where the value sits between the bottom (0) and the top (1) of the axis. */
    double fraction(double value) {
      if (log) {
        return (Math.log10(value) - Math.log10(min)) / (Math.log10(max) - Math.log10(min));
      }
      return (value - min) / (max - min);
    }
  }
}
