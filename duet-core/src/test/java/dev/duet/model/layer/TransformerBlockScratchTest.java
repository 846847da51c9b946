/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.model.layer;

import dev.duet.tensor.Parallel;
import dev.duet.tensor.Scratch;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.Random;
import java.util.function.Supplier;

import static dev.duet.model.layer.TransformerBlockBackwardTest.gaussian;
import static dev.duet.model.layer.TransformerBlockBackwardTest.randomBlock;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The derivative rules (tangent, cotangent, and the training's backward) take their
 * intermediates from {@link Scratch}, whose arrays hold whatever an earlier call left there: each
 * rule must give the same bits whether its scratch arrays are new (zero) or full of NaN, so no
 * rule reads an intermediate it has not written.
 */
class TransformerBlockScratchTest {

    private static final int ROWS = 5;
    private static final int WIDTH = 16;
    private static final int DIRECTIONS = 3;
    /** Longer than any intermediate of these shapes, so that poisoned arrays are the ones reused. */
    private static final int POISONED_LENGTH = 1 << 14;

    /** Query rows: all of them (the dense attention rules), or one (the low-rank cotangent). */
    @ParameterizedTest(name = "queries from {0}, {1} of them, causal={2}")
    @CsvSource({"0, 5, false", "0, 5, true", "0, 1, false", "4, 1, true"})
    void rulesGiveTheSameBitsWhateverTheirScratchHolds(int queryFrom, int queryCount, boolean causal) {
        Random random = new Random(7);
        TransformerBlock block = randomBlock(random, causal);
        float[] x = gaussian(random, ROWS * WIDTH, 1.0);
        float[] tangents = gaussian(random, DIRECTIONS * ROWS * WIDTH, 1.0);
        float[] rowTangents = gaussian(random, DIRECTIONS * WIDTH, 1.0);
        int[] sourceRows = {0, 2, ROWS - 1};
        float[] cotangents = gaussian(random, DIRECTIONS * queryCount * WIDTH, 1.0);
        TransformerBlock.Trace trace = block.derivativeTrace(1, ROWS, queryFrom, queryCount);
        block.forward(Parallel.serial(), x.clone(), trace);
        Parallel serial = Parallel.serial();

        assertSameWhateverTheScratch("tangent",
                () -> block.tangent(serial, trace, tangents, DIRECTIONS));
        assertSameWhateverTheScratch("row tangent",
                () -> block.tangentFromRows(serial, trace, rowTangents, sourceRows, DIRECTIONS));
        assertSameWhateverTheScratch("cotangent",
                () -> block.cotangent(serial, trace, cotangents, DIRECTIONS));
    }

    /** The training rule, over a batch: the input's gradient and every parameter's. */
    @ParameterizedTest(name = "queries from {0}, {1} of them, causal={2}")
    @CsvSource({"0, 5, false", "0, 5, true", "4, 1, true"})
    void backwardGivesTheSameBitsWhateverItsScratchHolds(int queryFrom, int queryCount, boolean causal) {
        Random random = new Random(8);
        TransformerBlock block = randomBlock(random, causal);
        int batch = 2;
        float[] x = gaussian(random, batch * ROWS * WIDTH, 1.0);
        float[] dOut = gaussian(random, batch * ROWS * WIDTH, 1.0);
        TransformerBlock.Trace trace = block.derivativeTrace(batch, ROWS, queryFrom, queryCount);
        block.forward(Parallel.serial(), x.clone(), trace);
        assertSameWhateverTheScratch("backward", () -> {
            float[] dX = dOut.clone();
            BlockWeights gradients = PostNormBlockTest.zerosLike(block.weights());
            block.backward(Parallel.serial(), trace, dX, gradients, true);
            return concatenate(dX, gradients.parameters());
        });
    }

    private static float[] concatenate(float[] first, float[][] rest) {
        int length = first.length;
        for (float[] part : rest) {
            length += part.length;
        }
        float[] all = Arrays.copyOf(first, length);
        int at = first.length;
        for (float[] part : rest) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }

    private static void assertSameWhateverTheScratch(String rule, Supplier<float[]> run) {
        float[] clean = run.get().clone();
        assertTrue(allFinite(clean), rule + " of a clean run is finite");
        for (Scratch.Role role : Scratch.Role.values()) {
            Arrays.fill(Scratch.floats(role, POISONED_LENGTH), Float.NaN);
        }
        float[] poisoned = run.get();
        assertArrayEquals(clean, poisoned, 0f, rule + " with every scratch array full of NaN");
    }

    private static boolean allFinite(float[] values) {
        for (float value : values) {
            if (!Float.isFinite(value)) {
                return false;
            }
        }
        return true;
    }
}
