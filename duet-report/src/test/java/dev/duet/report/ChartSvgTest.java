/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** The SVG of a chart is the chart: its words as text, each series as one line through its points, the same bytes every time. */
class ChartSvgTest {

    private static final String SVG = "http://www.w3.org/2000/svg";
    private static final Color LOSS = new Color(80, 80, 80);
    private static final Color GROUNDING = new Color(213, 94, 0);
    private static final Color CHANCE = new Color(120, 120, 120);
    private static final String TITLE = "fine-tuning <clip> & \"café\" on the world";

    private static final TrainingCurves.Series LOSS_SERIES = new TrainingCurves.Series("loss", LOSS, false,
            new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, new double[] {4, 3.5, 3.2, Double.NaN, 2.5, 2.2, 2, 1.9, 1.7, 1.6});
    private static final List<TrainingCurves.Series> SCORES = List.of(
            new TrainingCurves.Series("grounding", GROUNDING, false, new double[] {0, 5, 10}, new double[] {0.2, 0.5, 0.7}),
            new TrainingCurves.Series("grounding chance", CHANCE, true, new double[] {0, 5, 10, 15},
                    new double[] {0.1, 0.1, 0.1, 0.1}));

    @Test
    void trainingCurvesKeepTheirTitleAxisLabelsAndLegendAsText() throws Exception {
        List<String> texts = texts(parse(TrainingCurves.render(TITLE, LOSS_SERIES, SCORES).svg()));
        assertEquals(TITLE, texts.getFirst(), "the title, escaped and read back whole");
        for (String word : List.of("loss", "held-out scores", "step", "held-out score", "loss (EMA 0.98)", "grounding",
                "grounding chance")) {
            assertTrue(texts.contains(word), word + " is not among " + texts);
        }
    }

    @Test
    void everySeriesIsOneLineThroughItsFinitePoints() throws Exception {
        Document svg = parse(TrainingCurves.render(TITLE, LOSS_SERIES, SCORES).svg());
        // each colour's open paths: the legend's two-point sample line, then the series itself
        assertEquals(List.of(2, 9), openPathVertices(svg, TrainingCurves.lighter(LOSS)), "raw loss, its NaN step left out");
        assertEquals(List.of(2, 9), openPathVertices(svg, LOSS), "smoothed loss");
        assertEquals(List.of(2, 3), openPathVertices(svg, GROUNDING));
        assertEquals(List.of(2, 4), openPathVertices(svg, CHANCE));
    }

    @Test
    void perClassCurvesDrawEachClassInItsOwnPanel() throws Exception {
        double[] chance = {0.25, 0.25, 0.25, 0.25};
        List<GroundingCharts.Panel> panels = List.of(
                panel("dog", new double[] {0.1, 0.2, 0.3, 0.4}, chance),
                panel("cat", new double[] {0.1, Double.NaN, 0.3, 0.4}, chance),
                panel("bird", new double[] {Double.NaN, 0.2, Double.NaN, 0.4}, chance));
        Chart chart = GroundingCharts.curves("per class", "pointing game", new double[] {0, 10, 20, 30}, panels);
        Document svg = parse(chart.svg());
        assertEquals(3 * 320, chart.width(), "three panels on one row");
        assertTrue(texts(svg).containsAll(List.of("per class", "dog", "cat", "bird", "pointing game", "chance")), texts(svg).toString());
        // the legend is in the first panel only; each class's line has its scored steps as vertices
        assertEquals(List.of(2, 2, 3, 4), openPathVertices(svg, new Color(213, 94, 0)).stream().sorted().toList());
    }

    private static GroundingCharts.Panel panel(String title, double[] values, double[] chance) {
        return new GroundingCharts.Panel(title, List.of(new GroundingCharts.Curve("pointing game", new Color(213, 94, 0), false, values),
                new GroundingCharts.Curve("chance", new Color(120, 120, 120), true, chance)));
    }

    @Test
    void intervalsNameEveryCategoryAndMethod() throws Exception {
        Map<String, Map<String, GroundingCharts.Estimate>> estimates = new LinkedHashMap<>();
        estimates.put("duet", Map.of("dog", new GroundingCharts.Estimate(0.6, 0.5, 0.7),
                "cat", new GroundingCharts.Estimate(0.4, 0.3, 0.5)));
        estimates.put("random", Map.of("dog", new GroundingCharts.Estimate(0.2, 0.1, 0.3)));
        List<String> texts = texts(parse(GroundingCharts.intervals("Pointing game per class", "pointing game",
                List.of("dog", "cat"), estimates).svg()));
        assertTrue(texts.containsAll(List.of("Pointing game per class", "dog", "cat", "duet", "random",
                "pointing game (box: 95 % interval, line: mean)")), texts.toString());
    }

    @Test
    void theSameChartGivesTheSameBytes() {
        byte[] first = TrainingCurves.render(TITLE, LOSS_SERIES, SCORES).svg();
        byte[] second = TrainingCurves.render(TITLE, LOSS_SERIES, SCORES).svg();
        assertArrayEquals(first, second);
    }

    @Test
    void writesTheFilesItsFormatAsksForAndNothingElse(@TempDir Path folder) throws IOException {
        Chart chart = TrainingCurves.render(TITLE, LOSS_SERIES, SCORES);
        chart.write(folder.resolve("png"), "curves", ChartFormat.PNG);
        chart.write(folder.resolve("svg"), "curves", ChartFormat.SVG);
        chart.write(folder.resolve("both"), "curves", ChartFormat.BOTH);
        assertEquals(List.of("curves.png"), names(folder.resolve("png")));
        assertEquals(List.of("curves.svg"), names(folder.resolve("svg")));
        assertEquals(List.of("curves.png", "curves.svg"), names(folder.resolve("both")));
        assertEquals(TrainingCurves.WIDTH, ImageIO.read(folder.resolve("both/curves.png").toFile()).getWidth());
        assertArrayEquals(chart.svg(), Files.readAllBytes(folder.resolve("both/curves.svg")));
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }

    /** Parses without fetching the SVG 1.0 DTD that Batik names in its DOCTYPE. */
    private static Document parse(byte[] svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Document document = factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg));
        assertEquals("svg", document.getDocumentElement().getLocalName());
        assertEquals(SVG, document.getDocumentElement().getNamespaceURI());
        return document;
    }

    private static List<String> texts(Document svg) {
        List<String> texts = new ArrayList<>();
        NodeList elements = svg.getElementsByTagNameNS(SVG, "text");
        for (int i = 0; i < elements.getLength(); i++) {
            texts.add(elements.item(i).getTextContent());
        }
        return texts;
    }

    /** The vertex count of each open path (no {@code Z}) stroked in {@code colour}, in document order. */
    private static List<Integer> openPathVertices(Document svg, Color colour) {
        String rgb = "rgb(" + colour.getRed() + "," + colour.getGreen() + "," + colour.getBlue() + ")";
        List<Integer> vertices = new ArrayList<>();
        NodeList paths = svg.getElementsByTagNameNS(SVG, "path");
        for (int i = 0; i < paths.getLength(); i++) {
            Element path = (Element) paths.item(i);
            String d = path.getAttribute("d");
            if (!d.contains("Z") && rgb.equals(inherited(path, "stroke"))) {
                vertices.add((int) d.chars().filter(c -> c == 'M' || c == 'L').count());
            }
        }
        return vertices;
    }

    /** A presentation attribute as SVG resolves it: on the element, else on its nearest ancestor that sets it. */
    private static String inherited(Element element, String attribute) {
        for (Node node = element; node instanceof Element e; node = node.getParentNode()) {
            if (e.hasAttribute(attribute)) {
                return e.getAttribute(attribute);
            }
        }
        return "";
    }
}
