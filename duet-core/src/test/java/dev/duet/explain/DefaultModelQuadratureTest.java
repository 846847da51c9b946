/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.explain;

import dev.duet.model.DualEncoder;
import dev.duet.tensor.Parallel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The adaptive rule and the shared pass over an image on the shipped model, at every pair of cuts: the
 * paths there turn sharply (docs/method.md §5), which the fixture's tiny random model does not show.
 * Slow (about a hundred explanations): {@code ./test.sh -Pslow}.
 */
@Tag("slow")
class DefaultModelQuadratureTest {

    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
    private static final List<String> CAPTIONS = List.of("a blue rectangle right of a small red square",
            "a red rectangle right of a small blue square", "two circles");
    private static final double TOLERANCE = 1e-3;

    private static DualEncoder model;
    private static Parallel parallel;

    @BeforeAll
    static void load() {
        model = DualEncoder.load(ROOT.resolve("models/default"));
        parallel = Parallel.of(2);
    }

    @AfterAll
    static void close() {
        parallel.close();
    }

    static Stream<Arguments> cuts() {
        return IntStream.range(0, 4).boxed()
                .flatMap(text -> IntStream.range(0, 4).mapToObj(image -> Arguments.of(text, image)));
    }

    /**
     * Each tower's residual is within the tolerance, so the entries add up to the four-term target within
     * |dN_text| r_image + r_text |dN_image| + r_text r_image <= 4 tol + tol^2 (normalised embeddings move by
     * at most 2); and the captions explained together against one image get what each gets alone.
     */
    @ParameterizedTest(name = "text {0}, image {1}")
    @MethodSource("cuts")
    void adaptiveExplanationsAreCompleteAndSharedPassesAgreeWithSingleOnes(int textLayer, int imageLayer) {
        Explainer explainer = Explainer.forModel(model,
                ExplainOptions.defaults().withLayers(textLayer, imageLayer).withTolerance(TOLERANCE), parallel);
        for (String image : List.of("examples/blue-rectangle-red-square.png", "examples/blue-circle-pink-circle.png")) {
            float[] pixels = model.preprocess(ROOT.resolve(image)).pixels();
            List<Factor> captions = CAPTIONS.stream()
                    .map(caption -> explainer.textFactor(model.tokenize(caption).ids())).toList();
            List<Explanation> together = explainer.explain(captions, pixels);
            for (int c = 0; c < captions.size(); c++) {
                Explanation alone = explainer.explain(captions.get(c), pixels);
                String where = image + ", \"" + CAPTIONS.get(c) + "\"";
                assertTrue(alone.text().residual() <= TOLERANCE, where + ": text residual " + alone.text().residual());
                assertTrue(alone.image().residual() <= TOLERANCE, where + ": image residual " + alone.image().residual());
                assertTrue(Math.abs(alone.completeness().error()) <= 4 * TOLERANCE + TOLERANCE * TOLERANCE,
                        where + ": completeness error " + alone.completeness().error());
                float[] single = alone.interactions();
                float[] shared = together.get(c).interactions();
                double largest = 0;
                for (float value : single) {
                    largest = Math.max(largest, Math.abs(value));
                }
                for (int i = 0; i < single.length; i++) {
                    assertEquals(single[i], shared[i], 1e-5 * largest, where + ", entry " + i);
                }
            }
        }
    }
}
