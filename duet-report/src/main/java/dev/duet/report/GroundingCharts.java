package dev.duet.report;

import dev.duet.AtomicFiles;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BoxAndWhiskerRenderer;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.data.statistics.BoxAndWhiskerItem;
import org.jfree.data.statistics.DefaultBoxAndWhiskerCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The charts of a grounding evaluation, drawn with JFreeChart into PNG files (written whole or
 * not at all): estimates with their intervals per category and method, and the distribution of
 * a per-phrase score per method.
 */
public final class GroundingCharts {

    private static final int WIDTH = 1000;
    private static final int HEIGHT = 520;

    /** A mean and its 95 % interval. */
    public record Estimate(double mean, double low, double high) {
    }

    private GroundingCharts() {
    }

    /**
     * One box per category and method: the box spans the interval, its line and dot mark the
     * mean. {@code estimates}: method -> category -> estimate, categories in the order given.
     */
    public static void intervals(Path png, String title, String valueLabel, List<String> categories,
                                 Map<String, Map<String, Estimate>> estimates) throws IOException {
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
        write(png, new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true));
    }

    /** Step histograms of each method's values in [0, 1] over {@code bins} equal bins, as shares of its values. */
    public static void distributions(Path png, String title, String valueLabel, Map<String, double[]> values, int bins)
            throws IOException {
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
        write(png, new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true));
    }

    private static void write(Path png, JFreeChart chart) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ChartUtils.writeChartAsPNG(bytes, chart, WIDTH, HEIGHT);
        AtomicFiles.write(png, bytes.toByteArray());
    }
}
