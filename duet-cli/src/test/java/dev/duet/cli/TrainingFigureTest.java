/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.cli;

import dev.duet.report.GroundingCharts;
import dev.duet.train.EvaluationRow;
import dev.duet.report.ChartFormat;
import dev.duet.train.TrainingRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The per-class picture of a data set's fine-tuning: each class's pointing game, mass in box and own chance. */
class TrainingFigureTest {

    @TempDir
    Path directory;

    private static EvaluationRow row(long step, EvaluationRow.Group cat, EvaluationRow.Group dog) {
        return new EvaluationRow(step, 0.5, 0.5, Double.NaN, 0.5, 0.2, 6, Double.NaN, 0, Double.NaN, 3.5,
                new TreeMap<>(Map.of("cat", cat, "dog", dog)));
    }

    private static final List<EvaluationRow> ROWS = List.of(
            row(0, new EvaluationRow.Group(0.25, 0.3, 0.125), new EvaluationRow.Group(0.5, 0.4, 0.375)),
            row(10, new EvaluationRow.Group(0.75, 0.6, 0.125), new EvaluationRow.Group(Double.NaN, Double.NaN, Double.NaN)),
            row(20, new EvaluationRow.Group(1, 0.7, 0.125), new EvaluationRow.Group(1, 0.9, 0.375)));

    @Test
    void eachClassPanelHoldsItsPointingGameMassInBoxAndItsOwnChance() {
        List<GroundingCharts.Panel> panels = TrainingFigure.perClassPanels(ROWS, Set.of("dog", "cat"));
        assertEquals(List.of("cat (chance 0.125)", "dog (chance 0.375)"), panels.stream().map(GroundingCharts.Panel::title)
                .toList());
        GroundingCharts.Panel dog = panels.get(1);
        assertEquals(List.of("pointing game", "mass in box", "chance (this class's boxes)"),
                dog.curves().stream().map(GroundingCharts.Curve::label).toList());
        assertArrayEquals(new double[] {0.5, Double.NaN, 1}, dog.curves().get(0).values());
        assertArrayEquals(new double[] {0.4, Double.NaN, 0.9}, dog.curves().get(1).values());
        assertArrayEquals(new double[] {0.375, Double.NaN, 0.375}, dog.curves().get(2).values());
        assertTrue(dog.curves().get(2).dashed(), "chance is a dashed reference");
        assertArrayEquals(new double[] {0.3, 0.6, 0.7}, panels.get(0).curves().get(1).values());
    }

    @Test
    void everyPanelOfThePictureDrawsTheMassInBoxCurve() throws IOException {
        TrainingFigure.perClass("test", new TrainingRun.Result(20, 1, List.of(), ROWS), Set.of("cat", "dog"))
                .write(directory, TrainingFigure.PER_CLASS, ChartFormat.PNG);
        BufferedImage image = ImageIO.read(directory.resolve(TrainingFigure.PER_CLASS + ".png").toFile());
        // two panels side by side; the second has no legend, so its blue can only be the mass-in-box line
        int half = image.getWidth() / 2;
        assertTrue(bluePixels(image, 0, half) > 20, "cat's mass in box");
        assertTrue(bluePixels(image, half, image.getWidth()) > 20, "dog's mass in box");
    }

    /** Pixels of columns [from, to) near the mass-in-box colour, Okabe-Ito blue (0, 114, 178). */
    private static int bluePixels(BufferedImage image, int from, int to) {
        int count = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = from; x < to; x++) {
                int rgb = image.getRGB(x, y);
                int r = rgb >> 16 & 0xff;
                int g = rgb >> 8 & 0xff;
                int b = rgb & 0xff;
                count += r < 40 && Math.abs(g - 114) < 30 && Math.abs(b - 178) < 30 ? 1 : 0;
            }
        }
        return count;
    }
}
