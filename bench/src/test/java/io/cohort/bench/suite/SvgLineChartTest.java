package io.cohort.bench.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class SvgLineChartTest {

  static Document parse(String svg) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    return factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
  }

  static List<String> texts(Document document) {
    List<String> texts = new ArrayList<>();
    NodeList nodes = document.getElementsByTagName("text");
    for (int i = 0; i < nodes.getLength(); i++) {
      texts.add(nodes.item(i).getTextContent());
    }
    return texts;
  }

  private static String chart(boolean logY, List<SvgLineChart.Series> series) {
    return new SvgLineChart("Workload a & <b>", "YCSB client threads", "Throughput (operations/s)",
        List.of("1", "8", "32"), logY).render(series);
  }

  @Test
  void wellFormedWithOnePolylinePerSeries() throws Exception {
    Document document = parse(chart(false, List.of(
        new SvgLineChart.Series("Cohort", List.of(500.0, 2000.0, 2500.0)),
        new SvgLineChart.Series("Cassandra", List.of(900.0, 4100.0, 5200.0)),
        new SvgLineChart.Series("Redis", List.of(8000.0, 30000.0, 31000.0)))));

    Element root = document.getDocumentElement();
    assertEquals("svg", root.getLocalName());
    assertEquals("http://www.w3.org/2000/svg", root.getNamespaceURI());
    assertEquals(3, document.getElementsByTagName("polyline").getLength());
    assertEquals(9, document.getElementsByTagName("circle").getLength());
  }

  @Test
  void titleAxisLabelsAndLegend() throws Exception {
    List<String> texts = texts(parse(chart(false, List.of(
        new SvgLineChart.Series("Cohort", List.of(1.0, 2.0, 3.0)),
        new SvgLineChart.Series("Redis", List.of(4.0, 5.0, 6.0))))));

    assertTrue(texts.contains("Workload a & <b>"), texts.toString());
    assertTrue(texts.contains("YCSB client threads"), texts.toString());
    assertTrue(texts.contains("Throughput (operations/s)"), texts.toString());
    assertTrue(texts.containsAll(List.of("1", "8", "32")), texts.toString());
    assertTrue(texts.containsAll(List.of("Cohort", "Redis")), texts.toString());
  }

  @Test
  void linearTicksAreRoundNumbers() throws Exception {
    List<String> texts = texts(parse(chart(false, List.of(
        new SvgLineChart.Series("Cohort", List.of(0.1, 0.2, 0.27))))));

    assertTrue(texts.containsAll(List.of("0", "0.1", "0.2", "0.3")), texts.toString());
  }

  @Test
  void logTicksArePowersOfTen() throws Exception {
    List<String> texts = texts(parse(chart(true, List.of(
        new SvgLineChart.Series("Cohort", List.of(0.4, 3.0, 25.0))))));

    assertTrue(texts.containsAll(List.of("0.1", "1", "10", "100")), texts.toString());
  }

  @Test
  void largeTicksHaveSeparators() throws Exception {
    List<String> texts = texts(parse(chart(true, List.of(
        new SvgLineChart.Series("Cohort", List.of(306.0, 2170.0, 83937.0))))));

    assertTrue(texts.containsAll(List.of("100", "1,000", "10,000", "100,000")), texts.toString());
  }

  @Test
  void missingValuesAreLeftOut() throws Exception {
    Document document = parse(chart(true, List.of(
        new SvgLineChart.Series("Cohort", List.of(1.0, Double.NaN, 3.0)),
        new SvgLineChart.Series("Redis", List.of(Double.NaN, Double.NaN, Double.NaN)))));

    NodeList polylines = document.getElementsByTagName("polyline");
    assertEquals(2, polylines.getLength());
    assertEquals(2, ((Element) polylines.item(0)).getAttribute("points").split(" ").length);
    assertEquals("", ((Element) polylines.item(1)).getAttribute("points"));
    assertEquals(2, document.getElementsByTagName("circle").getLength());
  }

  @Test
  void seriesOfWrongLengthIsRejected() {
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> chart(false, List.of(new SvgLineChart.Series("Cohort", List.of(1.0)))));

    assertEquals("series Cohort has 1 values for 3 categories", error.getMessage());
  }

  @Test
  void reportChartsAreWellFormed() throws Exception {
    for (String svg : ReportCharts.build(SampleRuns.quickRun()).values()) {
      Document document = parse(svg);

      assertEquals(3, document.getElementsByTagName("polyline").getLength());
    }
  }
}
