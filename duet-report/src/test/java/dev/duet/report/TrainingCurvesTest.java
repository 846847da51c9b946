/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.JFreeChart;
import org.junit.jupiter.api.Test;

class TrainingCurvesTest {

    private static final Color LOSS = new Color(80, 80, 80);
    private static final Color GROUNDING = new Color(213, 94, 0);
    private static final Color CHANCE = new Color(120, 120, 120);

    private static final TrainingCurves.Series LOSS_SERIES = new TrainingCurves.Series("loss", LOSS, false,
            new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, new double[] {4, 3.5, 3.2, Double.NaN, 2.5, 2.2, 2, 1.9, 1.7, 1.6});
    private static final List<TrainingCurves.Series> SCORES = List.of(
            new TrainingCurves.Series("grounding", GROUNDING, false, new double[] {0, 5, 10}, new double[] {0.2, 0.5, 0.7}),
            new TrainingCurves.Series("grounding chance", CHANCE, true, new double[] {0, 5, 10},
                    new double[] {0.1, 0.1, 0.1}));

    @Test
    void smoothedLossIsTheBiasCorrectedMovingAverage() {
        // beta 0.5: m = 2, 2, (NaN skipped), 1.5 over weights 1 - 0.5^n = 1/2, 3/4, 7/8
        double[] smoothed = TrainingCurves.smoothed(new double[] {4, 2, Double.NaN, 1}, 0.5);
        assertArrayEquals(new double[] {4, 8.0 / 3, Double.NaN, 12.0 / 7}, smoothed, 1e-12);
    }

    @Test
    void smoothingWeightOutsideTheUnitIntervalIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> TrainingCurves.smoothed(new double[] {1}, 1.0));
    }

    @Test
    void lossPanelShowsTheRawLossAndItsLabelledAverage() {
        JFreeChart chart = TrainingCurves.lossChart(LOSS_SERIES, 10);
        assertEquals(List.of("loss", "loss (EMA 0.98)"), labels(chart.getXYPlot().getLegendItems()));
        double[] expected = TrainingCurves.smoothed(LOSS_SERIES.values(), TrainingCurves.SMOOTHING);
        assertEquals(9, chart.getXYPlot().getDataset().getItemCount(1), "the NaN step is left out");
        assertEquals(expected[9], chart.getXYPlot().getDataset().getYValue(1, 8), 1e-12);
    }

    @Test
    void scoresPanelHasWholeStepTicksAndTheChanceLevelWithoutMarkers() {
        JFreeChart chart = TrainingCurves.scoresChart(SCORES, TrainingCurves.lastStep(LOSS_SERIES, SCORES));
        assertEquals(List.of("grounding", "grounding chance"), labels(chart.getXYPlot().getLegendItems()));
        NumberAxis steps = (NumberAxis) chart.getXYPlot().getDomainAxis();
        assertEquals(10, steps.getUpperBound());
        assertEquals(1.0, steps.getStandardTickUnits().getCeilingTickUnit(0.3).getSize(), "no fractional steps");
    }

    @Test
    void rendersBothPanelsOnWhiteAtTheFigureSize() {
        Figure figure = TrainingCurves.render("a run", LOSS_SERIES, SCORES).figure();
        assertEquals(TrainingCurves.WIDTH, figure.width());
        assertEquals(TrainingCurves.HEIGHT, figure.height());
        assertEquals(Color.WHITE.getRGB(), figure.image().getRGB(2, figure.height() - 2));
        assertTrue(countOf(figure, LOSS, 0, figure.width() / 2) > 20, "the smoothed loss is drawn on the left");
        assertTrue(countOf(figure, GROUNDING, figure.width() / 2, figure.width()) > 20,
                "grounding's markers are drawn on the right");
    }

    private static int countOf(Figure figure, Color colour, int fromX, int toX) {
        int count = 0;
        for (int y = 0; y < figure.height(); y++) {
            for (int x = fromX; x < toX; x++) {
                if ((figure.image().getRGB(x, y) & 0xffffff) == (colour.getRGB() & 0xffffff)) {
                    count++;
                }
            }
        }
        return count;
    }

    private static List<String> labels(LegendItemCollection items) {
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < items.getItemCount(); i++) {
            LegendItem item = items.get(i);
            labels.add(item.getLabel());
        }
        return labels;
    }
}
