/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.explain;

import dev.duet.model.ClipCheckpoint;
import dev.duet.model.ResNetConfig;
import dev.duet.model.ResNetEncoder;
import dev.duet.model.Score;
import dev.duet.model.TextEncoder;
import dev.duet.model.safetensors.SafetensorsFile;
import dev.duet.tensor.Parallel;
import dev.duet.testing.Fixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Explanations through a ResNet image tower (the PyTorch-checked reference of
 * {@code ResNetFixtureTest}), by identities: the tower's factor rows add up to its embedding
 * change (completeness), and reverse mode (cotangents of a caption factor U pulled back) gives
 * the same interactions as forward mode's {@code U V^T} at the same nodes.
 */
class DenseSliceTest {

    private static final ResNetConfig CONFIG = new ResNetConfig(new int[] {2, 1, 1, 1}, 8, 4, 64, 64);
    private static SafetensorsFile file;
    private static ResNetEncoder encoder;
    private static float[] pixels;

    @BeforeAll
    static void load() throws URISyntaxException {
        var url = DenseSliceTest.class.getResource("/dev/duet/model/resnet-clip-reference.safetensors");
        assertTrue(url != null, "missing test resource resnet-clip-reference.safetensors");
        file = SafetensorsFile.open(Path.of(url.toURI()));
        encoder = ResNetEncoder.fromOpenClip(file, CONFIG);
        pixels = Arrays.copyOf(file.readFloats("reference.pixels"), 3 * 64 * 64);
    }

    @AfterAll
    static void close() {
        file.close();
    }

    @ParameterizedTest(name = "cut after stage {0}")
    @ValueSource(ints = {0, 2, 4})
    void factorsAreCompleteAndReverseModeAgreesWithForward(int stage) {
        Parallel parallel = Parallel.serial();
        TowerSlice slice = DenseSlice.of(encoder, stage);
        float[] y = encoder.stageOutput(parallel, pixels, stage);
        float[] reference = new float[y.length];
        assertEquals(slice.rows() * slice.width(), y.length);
        float[] referenceEmbedding = slice.embedding(parallel, reference);
        QuadratureRule rule = QuadratureRule.gaussLegendre(16);
        Factor image = new FactorEngine(parallel).compute(slice, y, reference, referenceEmbedding, rule, Normalization.EXACT);
        double change = norm(Factor.embeddingChange(Normalization.EXACT, image.inputEmbedding(),
                image.referenceEmbedding()));
        assertTrue(image.residual() < 3e-2 * change, "completeness residual " + image.residual() + " of " + change);

        Random random = new Random(stage);
        int tokens = 3;
        int dim = slice.projectionDim();
        float[] u = new float[tokens * dim];
        for (int i = 0; i < u.length; i++) {
            u[i] = (float) random.nextGaussian();
        }
        float[] reverse = new InteractionEngine(parallel).compute(u, tokens, slice, y, reference, referenceEmbedding, rule,
                Normalization.EXACT, Double.NaN).interactions();
        double largest = 0;
        double worst = 0;
        for (int t = 0; t < tokens; t++) {
            for (int j = 0; j < slice.rows(); j++) {
                double forward = 0;
                for (int p = 0; p < dim; p++) {
                    forward += (double) u[t * dim + p] * image.rows()[j * dim + p];
                }
                largest = Math.max(largest, Math.abs(forward));
                worst = Math.max(worst, Math.abs(forward - reverse[t * slice.rows() + j]));
            }
        }
        assertTrue(largest > 0, "interactions of zeros");
        assertTrue(worst <= 1e-3 * largest, "reverse differs from forward by " + worst + " at scale " + largest);
    }

    /** A whole explanation: the tiny fixture's text tower against the ResNet (both project to 64). */
    @ParameterizedTest(name = "image cut {0}")
    @ValueSource(ints = {3, 4})
    void explanationsThroughAResNetAreComplete(int cut) {
        ClipCheckpoint tiny = ClipCheckpoint.load(Fixtures.tinyModel());
        TextEncoder text = new TextEncoder(tiny.config().text(), tiny.weights().text(), tiny.config().projectionDim());
        float[] mean = {0.48145466f, 0.4578275f, 0.40821073f};
        float[] std = {0.26862954f, 0.26130258f, 0.27577711f};
        for (ImageMode mode : new ImageMode[] {ImageMode.FORWARD, ImageMode.REVERSE}) {
            Explainer explainer = new Explainer(text, encoder, new Score.Softmax(tiny.weights().logitScale()), mean, std,
                    ExplainOptions.defaults().withLayers(1, cut).withQuadrature(Quadrature.GAUSS_LEGENDRE, 16)
                            .withImageMode(mode), Parallel.serial());
            Explanation explanation = explainer.explain(explainer.textFactor(Fixtures.captionIds(0)), pixels);
            int side = CONFIG.mapSize(cut);
            assertEquals(side, explanation.gridRows());
            assertTrue(!explanation.classColumn(), "a ResNet has no class row");
            assertEquals(side * side, explanation.columns());
            Completeness completeness = explanation.completeness();
            assertTrue(Math.abs(completeness.error()) < 2e-2 * Math.abs(completeness.target()) + 1e-4,
                    mode + ": sum " + completeness.sum() + " against target " + completeness.target());
        }
    }

    private static double norm(double[] v) {
        double sum = 0;
        for (double x : v) {
            sum += x * x;
        }
        return Math.sqrt(sum);
    }
}
