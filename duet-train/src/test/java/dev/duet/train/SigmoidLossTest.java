/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.train;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SigLIP's loss against its definition written out directly (with log and exp, as the paper
 * states it), and its gradient against central differences in every input.
 */
class SigmoidLossTest {

    @Test
    void lossIsTheDefinitionAndGradientsMatchDifferences() {
        Random random = new Random(4);
        int pairs = 3;
        int negatives = 2;
        int[] negativeImages = {0, 2};
        int dim = 5;
        float[] text = gaussian(random, (pairs + negatives) * dim);
        float[] images = gaussian(random, pairs * dim);
        float scale = 1.2f;
        float bias = -2.5f;
        SigmoidLoss.Result result = SigmoidLoss.evaluate(text, images, pairs, negativeImages, dim, scale, bias);
        assertEquals(definition(text, images, pairs, negatives, dim, scale, bias), result.loss(), 1e-9);
        double h = 1e-3;
        for (int i = 0; i < text.length; i++) {
            float saved = text[i];
            text[i] = (float) (saved + h);
            double plus = SigmoidLoss.evaluate(text, images, pairs, negativeImages, dim, scale, bias).loss();
            text[i] = (float) (saved - h);
            double minus = SigmoidLoss.evaluate(text, images, pairs, negativeImages, dim, scale, bias).loss();
            text[i] = saved;
            assertEquals((plus - minus) / (2 * h), result.dText()[i], 1e-4, "text " + i);
        }
        for (int i = 0; i < images.length; i++) {
            float saved = images[i];
            images[i] = (float) (saved + h);
            double plus = SigmoidLoss.evaluate(text, images, pairs, negativeImages, dim, scale, bias).loss();
            images[i] = (float) (saved - h);
            double minus = SigmoidLoss.evaluate(text, images, pairs, negativeImages, dim, scale, bias).loss();
            images[i] = saved;
            assertEquals((plus - minus) / (2 * h), result.dImages()[i], 1e-4, "image " + i);
        }
        double dScale = (SigmoidLoss.evaluate(text, images, pairs, negativeImages, dim, (float) (scale + h), bias).loss()
                - SigmoidLoss.evaluate(text, images, pairs, negativeImages, dim, (float) (scale - h), bias).loss()) / (2 * h);
        assertEquals(dScale, result.dLogitScale(), 1e-4);
        double dBias = (SigmoidLoss.evaluate(text, images, pairs, negativeImages, dim, scale, (float) (bias + h)).loss()
                - SigmoidLoss.evaluate(text, images, pairs, negativeImages, dim, scale, (float) (bias - h)).loss()) / (2 * h);
        assertEquals(dBias, result.dLogitBias(), 1e-4);
        assertTrue(result.positivesAbove() + result.negativesBelow() <= pairs * (pairs + negatives));
    }

    /** -(1/B) sum_ij log(1 / (1 + exp(-y_ij z_ij))) as written. */
    private static double definition(float[] text, float[] images, int pairs, int negatives, int dim, float scale,
                                     float bias) {
        double total = 0;
        for (int i = 0; i < pairs; i++) {
            for (int j = 0; j < pairs + negatives; j++) {
                double dot = 0;
                double ni = 0;
                double nj = 0;
                for (int k = 0; k < dim; k++) {
                    dot += images[i * dim + k] * (double) text[j * dim + k];
                    ni += images[i * dim + k] * (double) images[i * dim + k];
                    nj += text[j * dim + k] * (double) text[j * dim + k];
                }
                double z = Math.exp(scale) * dot / Math.sqrt(ni * nj) + bias;
                double y = i == j ? 1 : -1;
                total -= Math.log(1 / (1 + Math.exp(-y * z)));
            }
        }
        return total / pairs;
    }

    private static float[] gaussian(Random random, int n) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }
}
