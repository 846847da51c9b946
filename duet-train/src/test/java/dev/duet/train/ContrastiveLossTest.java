/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.train;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The loss against a direct evaluation of its definition, and its gradients against differences in double. */
class ContrastiveLossTest {

    /** Two pairs, unit embeddings, scale 1: every term written out by hand. */
    @Test
    void valueFollowsTheDefinition() {
        float[] text = {1, 0, 0, 1};
        float[] images = {0.6f, 0.8f, 0, 2};
        ContrastiveLoss.Result result = ContrastiveLoss.evaluate(text, images, 2, new int[0], 2, 0f);
        // cosines [image][text]: image 0 = (0.6, 0.8), image 1 = (0, 1)
        double c00 = 0.6;
        double c01 = 0.8;
        double c10 = 0;
        double c11 = 1;
        double imageToText = (-c00 + Math.log(Math.exp(c00) + Math.exp(c01)) - c11 + Math.log(Math.exp(c10) + Math.exp(c11))) / 2;
        double textToImage = (-c00 + Math.log(Math.exp(c00) + Math.exp(c10)) - c11 + Math.log(Math.exp(c01) + Math.exp(c11))) / 2;
        assertEquals(imageToText, result.imageToTextLoss(), 1e-6);
        assertEquals(textToImage, result.textToImageLoss(), 1e-6);
        assertEquals((imageToText + textToImage) / 2, result.loss(), 1e-6);
        assertEquals(1, result.counts().imageToTextCorrect());
        assertEquals(2, result.counts().textToImageCorrect());
    }

    @Test
    void hardNegativeJoinsOnlyTheImageToTextSoftmax() {
        float[] text = {1, 0, 0, 1, 0.6f, 0.8f};
        float[] images = {0.6f, 0.8f, 0, 2};
        ContrastiveLoss.Result result = ContrastiveLoss.evaluate(text, images, 2, new int[] {1}, 2, 0f);
        double imageToText = (-0.6 + Math.log(Math.exp(0.6) + Math.exp(0.8) + Math.exp(1.0))
                - 1 + Math.log(Math.exp(0) + Math.exp(1) + Math.exp(0.8))) / 2;
        double textToImage = (-0.6 + Math.log(Math.exp(0.6) + Math.exp(0)) - 1 + Math.log(Math.exp(0.8) + Math.exp(1))) / 2;
        assertEquals(imageToText, result.imageToTextLoss(), 1e-6);
        assertEquals(textToImage, result.textToImageLoss(), 1e-6);
        assertEquals(1, result.counts().hardNegatives());
        assertEquals(1, result.counts().hardNegativeWins(), "image 1 scores its caption 1.0 above the negative's 0.8");
    }

    @Test
    void gradientsMatchDifferences() {
        SeededRandom random = SeededRandom.seeded(9);
        int pairs = 4;
        int dim = 5;
        int[] owners = {0, 2, 2};
        float[] text = gaussian(random, (pairs + owners.length) * dim);
        float[] images = gaussian(random, pairs * dim);
        float scale = 1.7f;
        ContrastiveLoss.Result result = ContrastiveLoss.evaluate(text, images, pairs, owners, dim, scale);
        for (int i = 0; i < text.length; i++) {
            double numeric = difference(text, i, () -> ContrastiveLoss.evaluate(text, images, pairs, owners, dim, scale).loss());
            assertEquals(numeric, result.dText()[i], 1e-4, "dText " + i);
        }
        for (int i = 0; i < images.length; i++) {
            double numeric = difference(images, i, () -> ContrastiveLoss.evaluate(text, images, pairs, owners, dim, scale).loss());
            assertEquals(numeric, result.dImages()[i], 1e-4, "dImages " + i);
        }
        double h = 1e-3;
        double numeric = (ContrastiveLoss.evaluate(text, images, pairs, owners, dim, (float) (scale + h)).loss()
                - ContrastiveLoss.evaluate(text, images, pairs, owners, dim, (float) (scale - h)).loss())
                / ((double) (float) (scale + h) - (double) (float) (scale - h));
        assertEquals(numeric, result.dLogitScale(), 1e-4, "dLogitScale");
    }

    private static double difference(float[] values, int index, java.util.function.DoubleSupplier loss) {
        float saved = values[index];
        float plus = saved + 1e-3f;
        float minus = saved - 1e-3f;
        values[index] = plus;
        double up = loss.getAsDouble();
        values[index] = minus;
        double down = loss.getAsDouble();
        values[index] = saved;
        return (up - down) / ((double) plus - (double) minus);
    }

    static float[] gaussian(SeededRandom random, int length) {
        float[] values = new float[length];
        for (int i = 0; i < length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }
}
