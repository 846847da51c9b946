/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.report;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Stroke;
import java.awt.geom.Rectangle2D;
import java.util.List;
import java.util.Locale;

/**
 * Two JFreeChart panels side by side against training step, on one shared step range: the
 * contrastive loss (raw, thin and light, and its bias-corrected exponential moving average,
 * {@link #SMOOTHING}), and the held-out scores (retrieval, grounding, grounding of new concepts,
 * with markers at the evaluated steps, and grounding's chance level, dashed).
 */
public final class TrainingCurves {

    /** One named series of (step, value) points; NaN values are skipped. */
    public record Series(String label, Color colour, boolean dashed, double[] steps, double[] values) {
        public Series {
            if (steps.length != values.length) {
                throw new IllegalArgumentException("steps and values differ in length");
            }
        }
    }

    /** The weight of the running average per logged step: about the last 50 steps count. */
    public static final double SMOOTHING = 0.98;

    static final int WIDTH = 1100;
    static final int HEIGHT = 440;
    /** How far the raw loss's colour is moved towards white, so that the smoothed line reads first. */
    private static final float RAW_LIGHTNESS = 0.6f;

    private TrainingCurves() {
    }

    /** Both panels under {@code title}, {@link #WIDTH} x {@link #HEIGHT}: the loss on the left, the scores on the right. */
    public static Chart render(String title, Series loss, List<Series> scores) {
        double panelHeight = HEIGHT - GroundingCharts.TITLE_HEIGHT;
        double lastStep = lastStep(loss, scores);
        JFreeChart lossChart = lossChart(loss, lastStep);
        JFreeChart scoresChart = scoresChart(scores, lastStep);
        return new Chart(WIDTH, HEIGHT, g -> {
            GroundingCharts.canvas(g, WIDTH, HEIGHT, title);
            lossChart.draw(g, new Rectangle2D.Double(0, GroundingCharts.TITLE_HEIGHT, WIDTH / 2.0, panelHeight));
            scoresChart.draw(g, new Rectangle2D.Double(WIDTH / 2.0, GroundingCharts.TITLE_HEIGHT, WIDTH / 2.0,
                    panelHeight));
        });
    }

    /**
     * The bias-corrected exponential moving average of {@code values} (Adam's and TensorBoard's):
     * {@code m_n = beta m_(n-1) + (1 - beta) x_n} from {@code m_0 = 0} over the n finite values so far,
     * reported as {@code m_n / (1 - beta^n)}, so the first point is the first value rather than a
     * pull towards zero; NaN values stay NaN and leave the average as it was.
     */
    public static double[] smoothed(double[] values, double beta) {
        if (!(beta >= 0 && beta < 1)) {
            throw new IllegalArgumentException("the smoothing weight must be in [0, 1), not " + beta);
        }
        double[] smoothed = new double[values.length];
        double average = 0;
        double weight = 1;
        for (int i = 0; i < values.length; i++) {
            if (Double.isFinite(values[i])) {
                average = beta * average + (1 - beta) * values[i];
                weight *= beta;
                smoothed[i] = average / (1 - weight);
            } else {
                smoothed[i] = Double.NaN;
            }
        }
        return smoothed;
    }

    /** The loss panel: series 0 the raw loss, series 1 its smoothed average, labelled with {@link #SMOOTHING}. */
    static JFreeChart lossChart(Series loss, double lastStep) {
        XYSeriesCollection series = new XYSeriesCollection();
        series.addSeries(GroundingCharts.points(loss.label(), loss.steps(), loss.values()));
        series.addSeries(GroundingCharts.points(String.format(Locale.ROOT, "%s (EMA %.2f)", loss.label(), SMOOTHING),
                loss.steps(), smoothed(loss.values(), SMOOTHING)));
        XYLineAndShapeRenderer renderer = GroundingCharts.lines(false);
        renderer.setSeriesPaint(0, lighter(loss.colour()));
        renderer.setSeriesStroke(0, new BasicStroke(1f));
        renderer.setSeriesPaint(1, loss.colour());
        renderer.setSeriesStroke(1, stroke(loss.dashed()));
        return GroundingCharts.panelChart("loss", new XYPlot(series, steps(lastStep), new NumberAxis("loss"), renderer),
                true);
    }

    /** The scores panel: one series per score in the order given, values in [0, 1]. */
    static JFreeChart scoresChart(List<Series> scores, double lastStep) {
        XYSeriesCollection series = new XYSeriesCollection();
        XYLineAndShapeRenderer renderer = GroundingCharts.lines(true);
        for (int i = 0; i < scores.size(); i++) {
            Series score = scores.get(i);
            series.addSeries(GroundingCharts.points(score.label(), score.steps(), score.values()));
            renderer.setSeriesPaint(i, score.colour());
            renderer.setSeriesStroke(i, stroke(score.dashed()));
            renderer.setSeriesShapesVisible(i, !score.dashed());
        }
        NumberAxis values = new NumberAxis("held-out score");
        values.setRange(0, 1);
        values.setTickUnit(new NumberTickUnit(0.1));
        return GroundingCharts.panelChart("held-out scores", new XYPlot(series, steps(lastStep), values, renderer), true);
    }

    /** The last step of the loss and of every score (at least 1), the end of both panels' step axes so they line up. */
    static double lastStep(Series loss, List<Series> scores) {
        double last = 1;
        for (double step : loss.steps()) {
            last = Math.max(last, step);
        }
        for (Series score : scores) {
            for (double step : score.steps()) {
                last = Math.max(last, step);
            }
        }
        return last;
    }

    /** A step axis from 0 to {@code lastStep} with whole-number ticks. */
    private static NumberAxis steps(double lastStep) {
        NumberAxis axis = new NumberAxis("step");
        axis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        axis.setRange(0, lastStep);
        return axis;
    }

    private static Stroke stroke(boolean dashed) {
        return dashed ? new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f, new float[] {6f, 4f}, 0f)
                : new BasicStroke(2f);
    }

    /** {@code colour} moved {@link #RAW_LIGHTNESS} of the way to white: the raw loss's colour. */
    static Color lighter(Color colour) {
        return new Color(blend(colour.getRed()), blend(colour.getGreen()), blend(colour.getBlue()));
    }

    private static int blend(int channel) {
        return Math.round(channel + (255 - channel) * RAW_LIGHTNESS);
    }
}
