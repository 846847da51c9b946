/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.train;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The grounding loss against a plain float64 evaluation of its definition, and its gradients
 * against central differences of that evaluation in float64.
 */
class GroundingLossTest {

    private static final int IMAGES = 3;
    private static final int PATCHES = 6;
    private static final int DIM = 5;
    private static final double TEMPERATURE = 10;
    private static final double WEIGHT = 0.7;

    /** Two regions on image 0, one on image 2, none on image 1; boxes of 1, 2, 3 and 5 patches. */
    private static final List<Batch.Region> REGIONS = List.of(
            new Batch.Region(0, new int[] {1}, new int[] {2}),
            new Batch.Region(0, new int[] {2}, new int[] {0, 1, 3}),
            new Batch.Region(2, new int[] {3}, new int[] {4, 5}),
            new Batch.Region(2, new int[] {4}, new int[] {0, 1, 2, 3, 5}));

    /** Two patches along the axes, a phrase at 30 degrees to the first, the box on the first: a binary softmax. */
    @Test
    void valueOfAHandWorkedCase() {
        float[] phrase = {(float) Math.cos(Math.PI / 6), (float) Math.sin(Math.PI / 6)};
        float[] patches = {2, 0, 0, 3};
        List<Batch.Region> regions = List.of(new Batch.Region(0, new int[] {1}, new int[] {0}));
        double loss = GroundingLoss.evaluate(phrase, patches, regions, 1, 2, 2, 2.0, 1.0).loss();
        double inBox = 2.0 * phrase[0];
        double outside = 2.0 * phrase[1];
        assertEquals(Math.log(1 + Math.exp(outside - inBox)), loss, 1e-7);
    }

    @Test
    void valueFollowsTheDefinition() {
        SeededRandom random = SeededRandom.seeded(21);
        float[] phrases = ContrastiveLossTest.gaussian(random, REGIONS.size() * DIM);
        float[] patches = ContrastiveLossTest.gaussian(random, IMAGES * PATCHES * DIM);
        double loss = GroundingLoss.evaluate(phrases, patches, REGIONS, IMAGES, PATCHES, DIM, TEMPERATURE, WEIGHT).loss();
        double reference = reference(widen(phrases), widen(patches), REGIONS);
        assertEquals(reference, loss, 1e-12 * Math.abs(reference));
    }

    @Test
    void gradientsMatchCentralDifferences() {
        SeededRandom random = SeededRandom.seeded(22);
        float[] phrases = ContrastiveLossTest.gaussian(random, REGIONS.size() * DIM);
        float[] patches = ContrastiveLossTest.gaussian(random, IMAGES * PATCHES * DIM);
        GroundingLoss.Result result = GroundingLoss.evaluate(phrases, patches, REGIONS, IMAGES, PATCHES, DIM,
                TEMPERATURE, WEIGHT);
        double[] phraseValues = widen(phrases);
        double[] patchValues = widen(patches);
        for (int i = 0; i < phraseValues.length; i++) {
            double numeric = difference(phraseValues, i, () -> reference(phraseValues, patchValues, REGIONS));
            assertEquals(numeric, result.dPhrases()[i], 1e-6 + 1e-5 * Math.abs(numeric), "dPhrases " + i);
        }
        for (int i = 0; i < patchValues.length; i++) {
            double numeric = difference(patchValues, i, () -> reference(phraseValues, patchValues, REGIONS));
            assertEquals(numeric, result.dPatches()[i], 1e-6 + 1e-5 * Math.abs(numeric), "dPatches " + i);
        }
        for (int i = PATCHES * DIM; i < 2 * PATCHES * DIM; i++) {
            assertEquals(0f, result.dPatches()[i], "image 1 has no region");
        }
    }

    @Test
    void boxOfEveryPatchCostsNothing() {
        SeededRandom random = SeededRandom.seeded(23);
        float[] phrases = ContrastiveLossTest.gaussian(random, 2 * DIM);
        float[] patches = ContrastiveLossTest.gaussian(random, IMAGES * PATCHES * DIM);
        int[] everyPatch = {0, 1, 2, 3, 4, 5};
        List<Batch.Region> regions = List.of(new Batch.Region(1, new int[] {1}, everyPatch),
                new Batch.Region(2, new int[] {2}, everyPatch));
        GroundingLoss.Result result = GroundingLoss.evaluate(phrases, patches, regions, IMAGES, PATCHES, DIM,
                TEMPERATURE, WEIGHT);
        assertEquals(0.0, result.loss());
        assertArrayEquals(new float[phrases.length], result.dPhrases(), 1e-7f);
        assertArrayEquals(new float[patches.length], result.dPatches(), 1e-7f);
    }

    @Test
    void badSettingsAndIndicesAreRefused() {
        float[] phrases = new float[DIM];
        java.util.Arrays.fill(phrases, 1);
        float[] patches = new float[PATCHES * DIM];
        java.util.Arrays.fill(patches, 1);
        List<Batch.Region> regions = List.of(new Batch.Region(0, new int[] {1}, new int[] {0}));
        assertThrows(IllegalArgumentException.class,
                () -> GroundingLoss.evaluate(phrases, patches, regions, 1, PATCHES, DIM, 0, WEIGHT));
        assertThrows(IllegalArgumentException.class,
                () -> GroundingLoss.evaluate(phrases, patches, regions, 1, PATCHES, DIM, TEMPERATURE, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> GroundingLoss.evaluate(phrases, patches,
                List.of(new Batch.Region(0, new int[] {1}, new int[] {PATCHES})), 1, PATCHES, DIM, TEMPERATURE, WEIGHT));
        assertThrows(IllegalArgumentException.class, () -> new Batch.Region(0, new int[] {1}, new int[0]));
    }

    /**
     * {@code WEIGHT * mean_r -log sum_{j in box_r} softmax_j(TEMPERATURE cos(e_r, z_{b,j}))}, term by
     * term as written, in float64.
     */
    private static double reference(double[] phrases, double[] patches, List<Batch.Region> regions) {
        double sum = 0;
        for (int r = 0; r < regions.size(); r++) {
            Batch.Region region = regions.get(r);
            double[] exponentials = new double[PATCHES];
            double total = 0;
            for (int j = 0; j < PATCHES; j++) {
                int patch = (region.image() * PATCHES + j) * DIM;
                double dot = 0;
                double phraseSquares = 0;
                double patchSquares = 0;
                for (int k = 0; k < DIM; k++) {
                    dot += phrases[r * DIM + k] * patches[patch + k];
                    phraseSquares += phrases[r * DIM + k] * phrases[r * DIM + k];
                    patchSquares += patches[patch + k] * patches[patch + k];
                }
                exponentials[j] = Math.exp(TEMPERATURE * dot / Math.sqrt(phraseSquares * patchSquares));
                total += exponentials[j];
            }
            double inBox = 0;
            for (int j : region.patches()) {
                inBox += exponentials[j] / total;
            }
            sum -= Math.log(inBox);
        }
        return WEIGHT * sum / regions.size();
    }

    private static double difference(double[] values, int index, java.util.function.DoubleSupplier loss) {
        double saved = values[index];
        double h = 1e-5;
        values[index] = saved + h;
        double up = loss.getAsDouble();
        values[index] = saved - h;
        double down = loss.getAsDouble();
        values[index] = saved;
        return (up - down) / (2 * h);
    }

    private static double[] widen(float[] values) {
        double[] wide = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            wide[i] = values[i];
        }
        return wide;
    }
}
