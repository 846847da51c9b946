/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.model;

import dev.duet.model.layer.BlockWeights;
import dev.duet.model.layer.PostNormBlock;
import dev.duet.model.layer.TransformerBlock;
import dev.duet.tensor.Activation;
import dev.duet.tensor.Attention;
import dev.duet.tensor.LayerNorm;
import dev.duet.tensor.Parallel;
import org.junit.jupiter.params.ParameterizedTest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Every tangent rule against central finite differences of its own forward pass: LayerNorm,
 * the activations, attention (dense and row-sparse forms, causal or not) and whole blocks (CLIP's
 * pre-LN, BERT's post-LN with padding).
 */
class TangentRulesTest {

    private static final double EPSILON = 1e-2;

    private static float[] random(Random random, int n, double scale) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) (random.nextGaussian() * scale);
        }
        return values;
    }

    /** Central difference of f along v at x. */
    private static float[] finiteDifference(Function<float[], float[]> f, float[] x, float[] v) {
        float[] plus = x.clone();
        float[] minus = x.clone();
        for (int i = 0; i < x.length; i++) {
            plus[i] += (float) (EPSILON * v[i]);
            minus[i] -= (float) (EPSILON * v[i]);
        }
        float[] high = f.apply(plus);
        float[] low = f.apply(minus);
        float[] difference = new float[high.length];
        for (int i = 0; i < high.length; i++) {
            difference[i] = (float) ((high[i] - low[i]) / (2 * EPSILON));
        }
        return difference;
    }

    private static void assertClose(float[] expected, float[] actual, int offset, String what) {
        double scale = 0;
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            scale = Math.max(scale, Math.abs(expected[i]));
            worst = Math.max(worst, Math.abs(expected[i] - actual[offset + i]));
        }
        if (worst > 2e-3 * Math.max(scale, 1e-3)) {
            throw new AssertionError(what + ": tangent differs from finite difference by " + worst + " (scale " + scale + ")");
        }
    }

    @Test
    void layerNormTangent() {
        Random random = new Random(1);
        int rows = 3;
        int width = 10;
        float[] gain = random(random, width, 1);
        float[] bias = random(random, width, 1);
        float[] x = random(random, rows * width, 2);
        float[] v = random(random, rows * width, 1);
        Function<float[], float[]> f = input -> {
            float[] y = new float[input.length];
            LayerNorm.forward(y, input, gain, bias, rows, width, 1e-5f, null, null);
            return y;
        };
        float[] normalized = new float[rows * width];
        float[] rstd = new float[rows];
        LayerNorm.forward(new float[rows * width], x, gain, bias, rows, width, 1e-5f, normalized, rstd);
        float[] tangent = new float[rows * width];
        LayerNorm.tangent(tangent, v, normalized, rstd, gain, rows, width, 1);
        assertClose(finiteDifference(f, x, v), tangent, 0, "LayerNorm");
    }

    @Test
    void activationDerivatives() {
        for (Activation activation : Activation.values()) {
            for (float x = -4f; x <= 4f; x += 0.37f) {
                float at = x;
                double numeric = (activation.apply((float) (at + 1e-2)) - activation.apply((float) (at - 1e-2))) / 2e-2;
                if (Math.abs(numeric - activation.derivative(at)) > 2e-3) {
                    throw new AssertionError(activation + " derivative at " + at + ": " + activation.derivative(at) + " vs " + numeric);
                }
            }
        }
    }

    static Stream<Arguments> attentionCases() {
        return Stream.of(Arguments.of(false, 0, 6), Arguments.of(true, 0, 6), Arguments.of(true, 4, 1),
                Arguments.of(false, 0, 1), Arguments.of(false, 3, 2));
    }

    @ParameterizedTest(name = "causal {0}, queries {1}+{2}")
    @MethodSource("attentionCases")
    void attentionTangentsDenseAndFromRows(boolean causal, int queryFrom, int queryCount) {
        Random random = new Random(2);
        int rows = 6;
        int width = 8;
        Attention.Shape shape = new Attention.Shape(rows, width, 2, queryFrom, queryCount, causal);
        float[] qkv = random(random, rows * 3 * width, 1);
        Function<float[], float[]> f = input -> {
            float[] out = new float[queryCount * width];
            Attention.forward(Parallel.serial(), out, new float[2 * queryCount * rows], input, shape, 1);
            return out;
        };
        float[] probs = new float[2 * queryCount * rows];
        float[] attended = new float[queryCount * width];
        Attention.forward(Parallel.serial(), attended, probs, qkv, shape, 1);
        for (int source = 0; source < rows; source++) {
            float[] direction = new float[rows * 3 * width];
            float[] row = random(random, 3 * width, 1);
            System.arraycopy(row, 0, direction, source * 3 * width, 3 * width);
            float[] expected = finiteDifference(f, qkv, direction);
            float[] dense = new float[queryCount * width];
            Attention.tangent(Parallel.serial(), dense, direction, qkv, probs, shape, 1);
            assertClose(expected, dense, 0, "dense attention tangent, source row " + source);
            float[] sparse = new float[queryCount * width];
            Attention.tangentFromRows(Parallel.serial(), sparse, row, new int[] {source}, qkv, probs, attended, shape, 1);
            assertClose(expected, sparse, 0, "row attention tangent, source row " + source);
        }
    }

    static BlockWeights randomBlock(Random random, int width, int intermediate) {
        return new BlockWeights(random(random, width, 1), random(random, width, 0.3),
                random(random, 3 * width * width, 1 / Math.sqrt(width)), random(random, 3 * width, 0.3),
                random(random, width * width, 1 / Math.sqrt(width)), random(random, width, 0.3),
                random(random, width, 1), random(random, width, 0.3),
                random(random, intermediate * width, 1 / Math.sqrt(width)), random(random, intermediate, 0.3),
                random(random, width * intermediate, 1 / Math.sqrt(intermediate)), random(random, width, 0.3));
    }

    /** A one-sequence derivative trace of the block at x (x itself is not modified). */
    private static TransformerBlock.Trace traced(TransformerBlock block, float[] x, int rows, int queryFrom, int queryCount) {
        TransformerBlock.Trace trace = block.derivativeTrace(1, rows, queryFrom, queryCount);
        block.forward(Parallel.serial(), x.clone(), trace);
        return trace;
    }

    /** The block's output on its query rows [Tq][D] at x. */
    private static float[] outputRows(TransformerBlock block, float[] x, int rows, int queryFrom, int queryCount) {
        float[] state = x.clone();
        block.forward(Parallel.serial(), state, block.derivativeTrace(1, rows, queryFrom, queryCount));
        int width = block.width();
        return java.util.Arrays.copyOfRange(state, queryFrom * width, (queryFrom + queryCount) * width);
    }

    @ParameterizedTest(name = "{0}, causal {1}")
    @MethodSource("blockCases")
    void blockTangentsDenseAndFromRows(Activation activation, boolean causal, int queryFrom, int queryCount) {
        Random random = new Random(3);
        int rows = 5;
        int width = 8;
        TransformerBlock block = new TransformerBlock(randomBlock(random, width, 16), width, 16, 2, causal, activation, 1e-5f);
        float[] x = random(random, rows * width, 1);
        Function<float[], float[]> f = input -> outputRows(block, input, rows, queryFrom, queryCount);
        TransformerBlock.Trace trace = traced(block, x, rows, queryFrom, queryCount);
        float[] full = outputRows(block, x, rows, 0, rows);
        float[] batch = x.clone();
        TransformerBlock.forwardAll(java.util.List.of(block), Parallel.serial(), batch, 1, rows);
        assertClose(java.util.Arrays.copyOfRange(full, 0, rows * width), batch, 0, "traced forward equals batch forward");
        for (int source = 0; source < rows; source++) {
            float[] row = random(random, width, 1);
            float[] direction = new float[rows * width];
            System.arraycopy(row, 0, direction, source * width, width);
            float[] expected = finiteDifference(f, x, direction);
            assertClose(expected, block.tangent(Parallel.serial(), trace, direction, 1), 0, "dense block tangent, row " + source);
            assertClose(expected, block.tangentFromRows(Parallel.serial(), trace, row, new int[] {source}, 1), 0,
                    "row block tangent, row " + source);
        }
    }

    /**
     * The gradient rule is the transpose of the tangent rule, which the test above checks against
     * finite differences: {@code <g, J v> = <J^T g, v>} for three cotangents at once and dense directions.
     */
    @ParameterizedTest(name = "{0}, causal {1}, queries {2}+{3}")
    @MethodSource("blockCases")
    void blockCotangentsAreTheTransposeOfTangents(Activation activation, boolean causal, int queryFrom, int queryCount) {
        Random random = new Random(5);
        int rows = 5;
        int width = 8;
        int count = 3;
        TransformerBlock block = new TransformerBlock(randomBlock(random, width, 16), width, 16, 2, causal, activation, 1e-5f);
        TransformerBlock.Trace trace = traced(block, random(random, rows * width, 1), rows, queryFrom, queryCount);
        float[] cotangents = random(random, count * queryCount * width, 1);
        float[] pulledBack = block.cotangent(Parallel.serial(), trace, cotangents, count);
        assertEquals(count * rows * width, pulledBack.length);
        for (int trial = 0; trial < 4; trial++) {
            float[] direction = random(random, rows * width, 1);
            float[] tangent = block.tangent(Parallel.serial(), trace, direction, 1);
            for (int s = 0; s < count; s++) {
                double forward = 0;
                for (int i = 0; i < queryCount * width; i++) {
                    forward += (double) cotangents[s * queryCount * width + i] * tangent[i];
                }
                double reverse = 0;
                for (int i = 0; i < rows * width; i++) {
                    reverse += (double) pulledBack[s * rows * width + i] * direction[i];
                }
                assertEquals(forward, reverse, 1e-4 * (1 + Math.abs(forward)), "cotangent " + s + ", trial " + trial);
            }
        }
    }

    /**
     * BERT's post-LN block with padding (rows past {@code keys} attended by nobody): its tangent
     * against central differences of its forward, and its cotangent as the tangent's transpose.
     */
    @ParameterizedTest(name = "{0} of 6 rows attended")
    @ValueSource(ints = {6, 4})
    void postNormBlockTangentsAndCotangents(int keys) {
        Random random = new Random(7);
        int rows = 6;
        int width = 8;
        int count = 3;
        PostNormBlock block = new PostNormBlock(randomBlock(random, width, 16), width, 16, 2, Activation.GELU, 1e-12f);
        float[] x = random(random, rows * width, 1);
        PostNormBlock.Trace trace = block.derivativeTrace(rows, keys);
        block.forward(Parallel.serial(), x.clone(), trace);
        Function<float[], float[]> f = input -> {
            float[] state = input.clone();
            block.forward(Parallel.serial(), state, block.inferenceTrace(rows, new int[] {keys}));
            return state;
        };
        float[] directions = random(random, count * rows * width, 1);
        float[] tangents = block.tangent(Parallel.serial(), trace, directions, count);
        for (int s = 0; s < count; s++) {
            float[] direction = java.util.Arrays.copyOfRange(directions, s * rows * width, (s + 1) * rows * width);
            assertClose(finiteDifference(f, x, direction), tangents, s * rows * width, "post-LN block tangent " + s);
        }
        float[] cotangents = random(random, count * rows * width, 1);
        float[] pulledBack = block.cotangent(Parallel.serial(), trace, cotangents, count);
        double forward = 0;
        double reverse = 0;
        for (int i = 0; i < cotangents.length; i++) {
            forward += (double) cotangents[i] * tangents[i];
            reverse += (double) pulledBack[i] * directions[i];
        }
        assertEquals(forward, reverse, 1e-4 * (1 + Math.abs(forward)), "<g, J v> = <J^T g, v>");
    }

    static Stream<Arguments> blockCases() {
        return Stream.of(Arguments.of(Activation.QUICK_GELU, true, 0, 5), Arguments.of(Activation.GELU, false, 0, 5),
                Arguments.of(Activation.GELU_TANH, false, 0, 1), Arguments.of(Activation.QUICK_GELU, true, 4, 1));
    }
}
