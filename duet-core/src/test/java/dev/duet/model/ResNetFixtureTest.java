/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.model;

import dev.duet.model.layer.AttentionPool;
import dev.duet.model.layer.Bottleneck;
import dev.duet.model.safetensors.SafetensorsFile;
import dev.duet.tensor.Parallel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

import static dev.duet.testing.Samples.assertClose;
import static dev.duet.testing.Samples.flatten;
import static dev.duet.testing.Samples.gaussian;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CLIP's ResNet image tower against an independent PyTorch reference
 * ({@code tools/references/resnet_clip.py}, random weights and batch-norm statistics of a small
 * shape with every kind of block): every stage's map and the embeddings; then the tangent rules
 * of its layers against central differences (allowing for ReLU's kinks) and their cotangents
 * against the transpose identity.
 */
class ResNetFixtureTest {

    private static final ResNetConfig CONFIG = new ResNetConfig(new int[] {2, 1, 1, 1}, 8, 4, 64, 64);
    private static SafetensorsFile reference;
    private static ResNetEncoder encoder;
    private static List<float[]> images;

    @BeforeAll
    static void load() throws URISyntaxException {
        var url = ResNetFixtureTest.class.getResource("resnet-clip-reference.safetensors");
        assertTrue(url != null, "missing test resource resnet-clip-reference.safetensors");
        reference = SafetensorsFile.open(Path.of(url.toURI()));
        encoder = ResNetEncoder.fromOpenClip(reference, CONFIG);
        float[] pixels = reference.readFloats("reference.pixels");
        int size = 3 * 64 * 64;
        images = new ArrayList<>();
        for (int b = 0; b < 2; b++) {
            images.add(java.util.Arrays.copyOfRange(pixels, b * size, (b + 1) * size));
        }
    }

    @AfterAll
    static void close() {
        reference.close();
    }

    @Test
    void embeddingsEqualPyTorchs() {
        try (Parallel parallel = Parallel.of(2)) {
            float[][] embeddings = encoder.encode(parallel, images);
            float[] expected = reference.readFloats("reference.embeddings");
            assertClose(expected, flatten(embeddings), 1e-5, "embeddings");
        }
    }

    @Test
    void everyStageEqualsPyTorchs() {
        try (Parallel parallel = Parallel.of(2)) {
            for (int stage = 0; stage <= 4; stage++) {
                float[] expected = reference.readFloats("reference.stage" + stage);   // [N][C][H][W]
                int side = CONFIG.mapSize(stage);
                int channels = CONFIG.channels(stage);
                float[] actual = new float[expected.length];
                for (int b = 0; b < 2; b++) {
                    float[] map = encoder.stageOutput(parallel, images.get(b), stage);   // [H][W][C]
                    for (int p = 0; p < side * side; p++) {
                        for (int c = 0; c < channels; c++) {
                            actual[((b * channels + c) * side * side) + p] = map[p * channels + c];
                        }
                    }
                }
                assertClose(expected, actual, 1e-5, "stage " + stage);
            }
        }
    }

    @Test
    void bottleneckTangentsAndCotangents() {
        Parallel serial = Parallel.serial();
        // layer1.0 (stride 1, projected shortcut), layer1.1 (identity), layer2.0 (stride 2)
        int[] stages = {0, 1, 1};
        for (int i = 0; i < 3; i++) {
            Bottleneck block = encoder.blocks().get(i);
            int stage = stages[i];
            int side = CONFIG.mapSize(stage == 0 ? 0 : 1);
            float[] x = encoder.stageOutput(serial, images.get(0), stage);
            if (i == 1) {
                x = encoder.blocks().get(0).forward(serial, x, 1, side, side).output();
            }
            float[] input = x;
            Function<float[], float[]> f = v -> block.forward(serial, v, 1, side, side).output();
            Bottleneck.Trace trace = block.forward(serial, input, 1, side, side);
            checkRules("bottleneck " + i, f, input, direction -> block.tangent(serial, trace, direction, 1),
                    (cotangents, count) -> block.cotangent(serial, trace, cotangents, count), trace.output().length);
        }
    }

    @Test
    void attentionPoolTangentsAndCotangents() {
        Parallel serial = Parallel.serial();
        AttentionPool pool = encoder.pool();
        float[] x = encoder.stageOutput(serial, images.get(1), 4);
        int positions = CONFIG.mapSize(4) * CONFIG.mapSize(4);
        Function<float[], float[]> f = v -> pool.forward(serial, v, 1, positions).embeddings();
        AttentionPool.Trace trace = pool.forward(serial, x, 1, positions);
        checkRules("attention pool", f, x, direction -> pool.tangent(serial, trace, direction, 1),
                (cotangents, count) -> pool.cotangent(serial, trace, cotangents, count), CONFIG.outputDim());
    }

    private interface Cotangents {
        float[] apply(float[] cotangents, int count);
    }

    /** Tangent = central difference of f along random directions; {@code <g, J v> = <J^T g, v>} for two cotangents at once. */
    private static void checkRules(String what, Function<float[], float[]> f, float[] x, Function<float[], float[]> tangent,
                                   Cotangents cotangent, int outputs) {
        Random random = new Random(what.hashCode());
        for (int trial = 0; trial < 3; trial++) {
            float[] v = gaussian(random, x.length);
            double h = 1e-4;   // small enough that few ReLU inputs change sign, large enough for float outputs
            float[] plus = x.clone();
            float[] minus = x.clone();
            for (int i = 0; i < x.length; i++) {
                plus[i] += (float) (h * v[i]);
                minus[i] -= (float) (h * v[i]);
            }
            float[] yPlus = f.apply(plus);
            float[] yMinus = f.apply(minus);
            float[] numeric = new float[yPlus.length];
            for (int i = 0; i < numeric.length; i++) {
                numeric[i] = (float) ((yPlus[i] - yMinus[i]) / (2 * h));
            }
            float[] jv = tangent.apply(v);
            // float differences at this step are good to about 1%; a ReLU input that changes sign within
            // the step spoils the difference of the few outputs it reaches (a wrong rule is off by O(1)):
            // at most 1% of the entries may be off by more than 5%, the rest must agree in L2 to 3%
            int off = 0;
            double error = 0;
            double norm = 0;
            for (int i = 0; i < jv.length; i++) {
                double difference = numeric[i] - jv[i];
                if (Math.abs(difference) > 0.05 * (1 + Math.abs(jv[i]))) {
                    off++;
                    continue;
                }
                error += difference * difference;
                norm += jv[i] * (double) jv[i];
            }
            assertTrue(off <= jv.length / 100, what + " tangent, trial " + trial + ": " + off + " of " + jv.length
                    + " entries differ");
            assertTrue(Math.sqrt(error) <= 3e-2 * Math.sqrt(norm), what + " tangent, trial " + trial + ": L2 error "
                    + Math.sqrt(error) + " of " + Math.sqrt(norm));
            float[] g = gaussian(random, 2 * outputs);
            float[] pulled = cotangent.apply(g, 2);
            for (int s = 0; s < 2; s++) {
                double forward = 0;
                for (int i = 0; i < outputs; i++) {
                    forward += (double) g[s * outputs + i] * jv[i];
                }
                double reverse = 0;
                for (int i = 0; i < x.length; i++) {
                    reverse += (double) pulled[s * x.length + i] * v[i];
                }
                assertEquals(forward, reverse, 1e-4 * (1 + Math.abs(forward)), what + " cotangent " + s);
            }
        }
    }
}
