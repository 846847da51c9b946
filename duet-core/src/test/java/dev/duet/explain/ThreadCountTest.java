/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.explain;

import dev.duet.model.DualEncoder;
import dev.duet.tensor.Parallel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The README's explanation has the same bits on one thread as on two, on the shipped model at its cut, in both
 * image modes: the adaptive rule's panels, the dense path and the nodes spread over the threads
 * ({@code ExplainIdentitiesTest} shows it for fixed rules on the fixture; {@code GemmTest} for products split
 * between threads, as a ViT-B/16's are). The CLI relies on it when a one-shot command leaves a core to the JIT
 * compiler.
 */
class ThreadCountTest {

    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = ImageMode.class, names = {"REVERSE", "FORWARD"})
    void oneThreadAndTwoGiveTheSameBits(ImageMode mode) {
        DualEncoder model = DualEncoder.load(ROOT.resolve("models/default"));
        ExplainOptions options = ExplainOptions.defaults().withLayers(0, 0).withImageMode(mode);
        float[] pixels = model.preprocess(ROOT.resolve("examples/blue-rectangle-red-square.png")).pixels();
        int[] ids = model.tokenize("a blue rectangle right of a small red square").ids();
        Explanation alone = explain(model, options, Parallel.serial(), ids, pixels);
        Explanation shared;
        try (Parallel two = Parallel.of(2)) {
            shared = explain(model, options, two, ids, pixels);
        }
        assertArrayEquals(alone.interactions(), shared.interactions(), 0f);
        assertEquals(alone.completeness().sum(), shared.completeness().sum(), 0);
        assertEquals(alone.completeness().target(), shared.completeness().target(), 0);
    }

    private static Explanation explain(DualEncoder model, ExplainOptions options, Parallel parallel, int[] ids,
                                       float[] pixels) {
        Explainer explainer = Explainer.forModel(model, options, parallel);
        return explainer.explain(explainer.textFactor(ids), pixels);
    }
}
