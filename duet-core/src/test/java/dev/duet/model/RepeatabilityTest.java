/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.model;

import dev.duet.tensor.Parallel;
import dev.duet.testing.Fixtures;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * The same input gives the same bits on every call: before the JIT has compiled the kernels,
 * while it does, and after. (Lane-wise exp and lane reductions of the Vector API round
 * differently in the interpreter and in compiled code; Duet's kernels avoid both.)
 */
class RepeatabilityTest {

    @Test
    void embeddingsAreTheSameBeforeAndAfterWarmUp() throws IOException {
        ClipCheckpoint checkpoint = ClipCheckpoint.load(Fixtures.tinyModel());
        ClipConfig config = checkpoint.config();
        List<int[]> ids = List.of(Fixtures.captionIds(0));
        List<float[]> pixels = List.of(Fixtures.cropPixels(0));
        var text = new TextEncoder(config.text(), checkpoint.weights().text(), config.projectionDim());
        var vision = new VisionEncoder(config.vision(), checkpoint.weights().vision(), config.projectionDim());
        float[] firstText = text.encode(Parallel.serial(), ids)[0];
        float[] firstImage = vision.encode(Parallel.serial(), pixels)[0];
        for (int call = 0; call < 40; call++) {
            assertArrayEquals(firstText, text.encode(Parallel.serial(), ids)[0], "text, call " + call);
            assertArrayEquals(firstImage, vision.encode(Parallel.serial(), pixels)[0], "image, call " + call);
        }
    }
}
