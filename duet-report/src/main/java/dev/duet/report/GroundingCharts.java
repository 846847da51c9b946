/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.report;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BoxAndWhiskerRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.data.statistics.BoxAndWhiskerItem;
import org.jfree.data.statistics.DefaultBoxAndWhiskerCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The charts of a grounding evaluation, drawn with JFreeChart (each a {@link Chart}, written as
 * PNG, SVG or both): estimates with their intervals per category and method, the distribution of
 * a per-phrase score per method, and a score against training step per category.
 */
public final class GroundingCharts {

    private static final int WIDTH = 1000;
    private static final int HEIGHT = 520;
    private static final int CURVE_COLUMNS = 4;
    private static final int PANEL_WIDTH = 320;
    private static final int PANEL_HEIGHT = 240;
    static final int TITLE_HEIGHT = 40;

    /** A mean and its 95 % interval. */
    public record Estimate(double mean, double low, double high) {
    }

    private GroundingCharts() {
    }

    /**
     * One box per category and method: the box spans the interval, its line and dot mark the
     * mean. {@code estimates}: method -> category -> estimate, categories in the order given.
     */
    public static Chart intervals(String title, String valueLabel, List<String> categories,
                                  Map<String, Map<String, Estimate>> estimates) {
        DefaultBoxAndWhiskerCategoryDataset dataset = new DefaultBoxAndWhiskerCategoryDataset();
        estimates.forEach((method, byCategory) -> {
            for (String category : categories) {
                Estimate e = byCategory.get(category);
                if (e != null) {
                    dataset.add(new BoxAndWhiskerItem(e.mean(), e.mean(), e.low(), e.high(), e.low(), e.high(), e.low(),
                            e.high(), List.of()), method, category);
                }
            }
        });
        BoxAndWhiskerRenderer renderer = new BoxAndWhiskerRenderer();
        renderer.setMeanVisible(true);
        renderer.setMaxOutlierVisible(false);
        renderer.setMinOutlierVisible(false);
        CategoryAxis axis = new CategoryAxis();
        axis.setCategoryMargin(0.2);
        NumberAxis values = new NumberAxis(valueLabel + " (box: 95 % interval, line: mean)");
        CategoryPlot plot = new CategoryPlot(dataset, axis, values, renderer);
        return whole(new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true));
    }

    /** Step histograms of each method's values in [0, 1] over {@code bins} equal bins, as shares of its values. */
    public static Chart distributions(String title, String valueLabel, Map<String, double[]> values, int bins) {
        XYSeriesCollection series = new XYSeriesCollection();
        values.forEach((method, v) -> {
            double[] counts = new double[bins];
            for (double value : v) {
                counts[Math.min(bins - 1, Math.max(0, (int) Math.floor(value * bins)))]++;
            }
            XYSeries s = new XYSeries(method);
            for (int b = 0; b < bins; b++) {
                s.add((double) b / bins, v.length == 0 ? 0 : counts[b] / v.length);
            }
            s.add(1.0, v.length == 0 ? 0 : counts[bins - 1] / v.length);
            series.addSeries(s);
        });
        XYStepRenderer renderer = new XYStepRenderer();
        renderer.setAutoPopulateSeriesStroke(false);
        renderer.setDefaultStroke(new BasicStroke(2f));
        XYPlot plot = new XYPlot(series, new NumberAxis(valueLabel), new NumberAxis("share of phrases"), renderer);
        plot.setOrientation(PlotOrientation.VERTICAL);
        return whole(new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true));
    }

    /** One line of a panel: {@code values} at the chart's steps (NaN points left out), solid or dashed. */
    public record Curve(String label, Color colour, boolean dashed, double[] values) {
    }

    /** One panel of {@link #curves}: a category's lines under its title, which may carry a figure such as its chance. */
    public record Panel(String title, List<Curve> curves) {
        public Panel {
            curves = List.copyOf(curves);
        }
    }

    /**
     * Small multiples, one panel per category in the order given, {@link #CURVE_COLUMNS} a row: the
     * category's scores against training step on a [0, 1] axis, each panel's lines in the same
     * order, colours and labels so that the first panel's legend serves all.
     */
    public static Chart curves(String title, String valueLabel, double[] steps, List<Panel> panels) {
        int columns = Math.max(1, Math.min(CURVE_COLUMNS, panels.size()));
        int rows = Math.max(1, (panels.size() + columns - 1) / columns);
        List<JFreeChart> charts = new ArrayList<>();
        for (Panel panel : panels) {
            XYSeriesCollection series = new XYSeriesCollection();
            XYLineAndShapeRenderer renderer = lines(true);
            List<Curve> curves = panel.curves();
            for (int c = 0; c < curves.size(); c++) {
                Curve curve = curves.get(c);
                series.addSeries(points(curve.label(), steps, curve.values()));
                renderer.setSeriesPaint(c, curve.colour());
                renderer.setSeriesStroke(c, curve.dashed() ? new BasicStroke(1f, BasicStroke.CAP_BUTT,
                        BasicStroke.JOIN_ROUND, 1f, new float[] {5f, 4f}, 0f) : new BasicStroke(2f));
                renderer.setSeriesShapesVisible(c, !curve.dashed());
            }
            NumberAxis values = new NumberAxis(valueLabel);
            values.setRange(0, 1);
            charts.add(panelChart(panel.title(), new XYPlot(series, new NumberAxis("step"), values, renderer),
                    charts.isEmpty()));
        }
        int width = columns * PANEL_WIDTH;
        int height = TITLE_HEIGHT + rows * PANEL_HEIGHT;
        return new Chart(width, height, g -> {
            canvas(g, width, height, title);
            for (int panel = 0; panel < charts.size(); panel++) {
                charts.get(panel).draw(g, new Rectangle2D.Double(panel % columns * PANEL_WIDTH,
                        TITLE_HEIGHT + panel / columns * PANEL_HEIGHT, PANEL_WIDTH, PANEL_HEIGHT));
            }
        });
    }

    /**
     * Paints {@code width} x {@code height} white with {@code title} at its top left, {@link #TITLE_HEIGHT}
     * high, for panels drawn below it.
     */
    static void canvas(Graphics2D g, int width, int height, String title) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.DARK_GRAY);
        g.setFont(JFreeChart.DEFAULT_TITLE_FONT);
        g.drawString(title, 12, TITLE_HEIGHT - 14);
    }

    /**
     * A renderer that joins each series' points with one line (one path, so a dashed stroke runs on
     * through the points and an SVG holds one {@code <path>} per series), with or without markers.
     */
    static XYLineAndShapeRenderer lines(boolean markers) {
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, markers);
        renderer.setDrawSeriesLineAsPath(true);
        return renderer;
    }

    /** One panel of a composed picture: {@code plot} on white with light grey grid lines, under a small title. */
    static JFreeChart panelChart(String title, XYPlot plot, boolean legend) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT.deriveFont(13f), plot, legend);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    /** The finite points of {@code values} at {@code steps}, as one named series. */
    static XYSeries points(String name, double[] steps, double[] values) {
        XYSeries series = new XYSeries(name);
        for (int i = 0; i < steps.length; i++) {
            if (Double.isFinite(values[i])) {
                series.add(steps[i], values[i]);
            }
        }
        return series;
    }

    /** {@code chart} alone, {@link #WIDTH} x {@link #HEIGHT}. */
    private static Chart whole(JFreeChart chart) {
        return new Chart(WIDTH, HEIGHT, g -> chart.draw(g, new Rectangle2D.Double(0, 0, WIDTH, HEIGHT)));
    }
}
