/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.explain;

import com.fasterxml.jackson.databind.JsonNode;
import dev.duet.model.ClipCheckpoint;
import dev.duet.model.Score;
import dev.duet.model.TextEncoder;
import dev.duet.model.VisionEncoder;
import dev.duet.tensor.Parallel;
import dev.duet.testing.Fixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Attributions of the tiny checkpoint against the paper's own explainer (exclip_*) and an
 * independent autograd computation (exact_*), every pair including the mismatch 0:1.
 */
class ExplainerFixtureTest {

    private static final float[] MEAN = {0.48145466f, 0.4578275f, 0.40821073f};
    private static final float[] STD = {0.26862954f, 0.26130258f, 0.27577711f};

    private static TextEncoder text;
    private static VisionEncoder vision;
    private static float logitScale;

    @BeforeAll
    static void load() {
        ClipCheckpoint checkpoint = ClipCheckpoint.load(Fixtures.tinyModel());
        text = new TextEncoder(checkpoint.config().text(), checkpoint.weights().text(), checkpoint.config().projectionDim());
        vision = new VisionEncoder(checkpoint.config().vision(), checkpoint.weights().vision(), checkpoint.config().projectionDim());
        logitScale = checkpoint.weights().logitScale();
    }

    /** Every fixture layer and N, with the image side through V (forward mode) and without it (reverse mode). */
    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (ImageMode mode : new ImageMode[] {ImageMode.FORWARD, ImageMode.REVERSE}) {
            for (int layer : new int[] {0, 2}) {
                for (int n : new int[] {10, 50, 200}) {
                    cases.add(Arguments.of(layer, n, mode));
                }
            }
        }
        return cases.stream();
    }

    private static Explainer explainer(int layer, int n, Normalization normalization, ImageMode imageMode) {
        ExplainOptions options = ExplainOptions.defaults().withLayers(layer, layer)
                .withQuadrature(Quadrature.RIEMANN, n).withNormalization(normalization).withImageMode(imageMode);
        return new Explainer(text, vision, new Score.Softmax(logitScale), MEAN, STD, options, Parallel.of(2));
    }

    @ParameterizedTest(name = "exCLIP layer {0}, N = {1}, {2}")
    @MethodSource("cases")
    void publishedModeMatchesThePapersExplainer(int layer, int n, ImageMode imageMode) {
        JsonNode pairs = Fixtures.json("tiny/exclip_layer" + layer + "_N" + n + ".json").get("pairs");
        Explainer explainer = explainer(layer, n, Normalization.PUBLISHED, imageMode);
        for (Iterator<Map.Entry<String, JsonNode>> it = pairs.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> pair = it.next();
            Explanation explanation = explain(explainer, pair.getValue());
            JsonNode expected = pair.getValue().get("A_tokens_by_patch_grid");
            float[][] actual = new float[explanation.tokens()][];
            float[][] reference = new float[explanation.tokens()][];
            assertEquals(expected.size(), explanation.tokens(), pair.getKey() + ": token rows");
            for (int token = 0; token < explanation.tokens(); token++) {
                reference[token] = flatten(expected.get(token));
                actual[token] = new float[reference[token].length];
                for (int p = 0; p < actual[token].length; p++) {
                    actual[token][p] = explanation.at(token, 1 + p);
                }
            }
            assertCloseRelativeToMax(reference, actual, 1e-4, "exclip layer " + layer + " N " + n + " pair " + pair.getKey());
        }
    }

    @ParameterizedTest(name = "exact layer {0}, N = {1}, {2}")
    @MethodSource("cases")
    void bothModesMatchAutogradWithClsColumn(int layer, int n, ImageMode imageMode) {
        JsonNode pairs = Fixtures.json("tiny/exact_layer" + layer + "_N" + n + ".json").get("pairs");
        for (Normalization mode : Normalization.values()) {
            Explainer explainer = explainer(layer, n, mode, imageMode);
            String key = mode == Normalization.EXACT ? "A_exact_tokens_by_cls_then_patches" : "A_published_tokens_by_cls_then_patches";
            for (Iterator<Map.Entry<String, JsonNode>> it = pairs.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> pair = it.next();
                Explanation explanation = explain(explainer, pair.getValue());
                JsonNode expected = pair.getValue().get(key);
                float[][] reference = new float[expected.size()][];
                float[][] actual = new float[expected.size()][];
                for (int token = 0; token < expected.size(); token++) {
                    reference[token] = Fixtures.floats(expected.get(token));
                    actual[token] = new float[explanation.columns()];
                    for (int c = 0; c < explanation.columns(); c++) {
                        actual[token][c] = explanation.at(token, c);
                    }
                }
                String what = mode + " layer " + layer + " N " + n + " " + imageMode + " pair " + pair.getKey();
                assertCloseRelativeToMax(reference, actual, 1e-4, what);
                if (mode == Normalization.EXACT) {
                    JsonNode pairNode = pair.getValue();
                    assertEquals(pairNode.get("exact_target").asDouble(), explanation.completeness().target(), 1e-5, what + " target");
                    assertEquals(pairNode.get("sum_A_exact").asDouble(), explanation.completeness().sum(), 1e-5, what + " sum");
                } else {
                    assertEquals(pair.getValue().get("published_target").asDouble(), explanation.completeness().target(), 1e-5, what + " target");
                }
            }
        }
    }

    /** Factors computed once per caption and image of an explainer, as a user reusing them would. */
    private static final Map<Explainer, Map<String, Factor>> FACTORS = new java.util.IdentityHashMap<>();

    private static Explanation explain(Explainer explainer, JsonNode pair) {
        int caption = pair.get("caption").asInt();
        int image = pair.get("image").asInt();
        Map<String, Factor> cache = FACTORS.computeIfAbsent(explainer, e -> new java.util.HashMap<>());
        Factor text = cache.computeIfAbsent("text" + caption, key -> explainer.textFactor(Fixtures.captionIds(caption)));
        if (explainer.options().imageMode() == ImageMode.REVERSE) {
            return explainer.explain(text, Fixtures.cropPixels(image));
        }
        Factor vision = cache.computeIfAbsent("image" + image, key -> explainer.imageFactor(Fixtures.cropPixels(image)));
        return explainer.explain(text, vision);
    }

    private static float[] flatten(JsonNode grid) {
        List<Float> values = new ArrayList<>();
        for (JsonNode row : grid) {
            for (JsonNode value : row) {
                values.add((float) value.asDouble());
            }
        }
        float[] flat = new float[values.size()];
        for (int i = 0; i < flat.length; i++) {
            flat[i] = values.get(i);
        }
        return flat;
    }

    static void assertCloseRelativeToMax(float[][] expected, float[][] actual, double relative, String what) {
        double max = 0;
        for (float[] row : expected) {
            for (float value : row) {
                max = Math.max(max, Math.abs(value));
            }
        }
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i].length, actual[i].length, what + ": columns of row " + i);
            for (int j = 0; j < expected[i].length; j++) {
                worst = Math.max(worst, Math.abs(expected[i][j] - actual[i][j]));
            }
        }
        if (worst > relative * max) {
            throw new AssertionError(what + ": max |diff| " + worst + " > " + relative + " x max |A| " + max);
        }
    }
}
