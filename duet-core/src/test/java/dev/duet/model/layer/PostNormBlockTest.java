/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.model.layer;

import dev.duet.tensor.Activation;
import dev.duet.tensor.Parallel;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleSupplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static dev.duet.model.layer.TransformerBlockBackwardTest.dot;
import static dev.duet.model.layer.TransformerBlockBackwardTest.gaussian;

/**
 * BERT's post-LN block and mean pooling: padding leaves the attended rows as they are without it,
 * the gradient rule over a padded batch against central differences (every parameter and the
 * input) and equal to the cotangent for one sequence, and the mean's scatter is its transpose. The
 * tangent and cotangent rules are checked with the others in {@code TangentRulesTest}.
 */
class PostNormBlockTest {

    private static final int ROWS = 6;
    private static final int KEYS = 4;

    /** The random pre-LN block's weights of {@link TransformerBlockBackwardTest}, read as BERT's post-LN block. */
    private static PostNormBlock block(Random random) {
        TransformerBlock shape = TransformerBlockBackwardTest.randomBlock(random, false);
        return new PostNormBlock(shape.weights(), shape.width(), shape.intermediate(), shape.heads(), Activation.GELU,
                1e-12f);
    }

    @Test
    void paddedRowsLeaveTheAttendedRowsAsWithoutPadding() {
        Random random = new Random(5);
        PostNormBlock block = block(random);
        int width = block.width();
        float[] padded = gaussian(random, 2 * ROWS * width, 1);
        float[] alone = Arrays.copyOfRange(padded, ROWS * width, ROWS * width + KEYS * width);
        block.forward(Parallel.serial(), padded, block.inferenceTrace(ROWS, new int[] {ROWS, KEYS}));
        block.forward(Parallel.serial(), alone, block.inferenceTrace(KEYS, new int[] {KEYS}));
        float[] attended = Arrays.copyOfRange(padded, ROWS * width, ROWS * width + KEYS * width);
        for (int i = 0; i < alone.length; i++) {
            assertEquals(alone[i], attended[i], 1e-5, "element " + i);
        }
    }

    @Test
    void backwardGivesTheGradientsOfCentralDifferencesOverAPaddedBatch() {
        Random random = new Random(8);
        PostNormBlock block = block(random);
        int width = block.width();
        int[] keys = {ROWS, KEYS};
        float[] x = gaussian(random, 2 * ROWS * width, 1);
        float[] w = gaussian(random, x.length, 1);
        PostNormBlock.Trace trace = block.derivativeTrace(ROWS, keys);
        block.forward(Parallel.serial(), x.clone(), trace);
        BlockWeights gradients = zerosLike(block.weights());
        float[] dX = w.clone();
        block.backward(Parallel.serial(), trace, dX, gradients);
        DoubleSupplier objective = () -> {
            float[] y = x.clone();
            PostNormBlock.forwardAll(List.of(block), Parallel.serial(), y, ROWS, keys);
            return dot(y, w);
        };
        float[][] parameters = block.weights().parameters();
        float[][] analytic = gradients.parameters();
        for (int t = 0; t < parameters.length; t++) {
            float[] parameter = parameters[t];
            for (int sample = 0; sample < 3; sample++) {
                int index = random.nextInt(parameter.length);
                float saved = parameter[index];
                double numeric = TransformerBlockBackwardTest.centralDifference(objective,
                        v -> parameter[index] = (float) (saved + v));
                parameter[index] = saved;
                assertEquals(numeric, analytic[t][index], 2e-2 * Math.abs(numeric) + 2e-3, "parameter " + t + " entry " + index);
            }
        }
        for (int sample = 0; sample < 8; sample++) {
            int index = random.nextInt(x.length);
            float saved = x[index];
            double numeric = TransformerBlockBackwardTest.centralDifference(objective, v -> x[index] = (float) (saved + v));
            x[index] = saved;
            assertEquals(numeric, dX[index], 2e-2 * Math.abs(numeric) + 2e-3, "input entry " + index);
        }
    }

    @Test
    void backwardsInputGradientIsTheCotangentForOneSequence() {
        Random random = new Random(9);
        PostNormBlock block = block(random);
        int width = block.width();
        float[] x = gaussian(random, ROWS * width, 1);
        float[] w = gaussian(random, x.length, 1);
        PostNormBlock.Trace trace = block.derivativeTrace(ROWS, KEYS);
        block.forward(Parallel.serial(), x.clone(), trace);
        float[] dX = w.clone();
        block.backward(Parallel.serial(), trace, dX, null);
        assertArrayEquals(block.cotangent(Parallel.serial(), trace, w, 1), dX, 1e-5f);
    }

    /** Zero arrays shaped like {@code weights}' (gradients to accumulate into). */
    static BlockWeights zerosLike(BlockWeights weights) {
        float[][] p = weights.parameters();
        return new BlockWeights(new float[p[0].length], new float[p[1].length], new float[p[2].length],
                new float[p[3].length], new float[p[4].length], new float[p[5].length], new float[p[6].length],
                new float[p[7].length], new float[p[8].length], new float[p[9].length], new float[p[10].length],
                new float[p[11].length]);
    }

    @Test
    void meanPoolingAveragesTheAttendedRowsAndItsScatterIsTheTranspose() {
        Random random = new Random(6);
        int[] keys = {ROWS, 2};
        int width = 8;
        float[] x = gaussian(random, 2 * ROWS * width, 1);
        float[] pooled = Pooling.mean(x, ROWS, width, keys);
        float expected = 0;
        for (int r = 0; r < 2; r++) {
            expected += x[(ROWS + r) * width + 3];
        }
        assertEquals(expected / 2, pooled[width + 3], 1e-6);
        float[] w = gaussian(random, 2 * width, 1);
        assertEquals(dot(pooled, w), dot(x, Pooling.meanScatter(w, ROWS, width, keys)), 1e-4);
        assertArrayEquals(new float[width], Arrays.copyOfRange(Pooling.meanScatter(w, ROWS, width, keys),
                (ROWS + 2) * width, (ROWS + 3) * width));
    }
}
