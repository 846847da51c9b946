/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.report;

import dev.duet.explain.CaptionImageExplanation;
import dev.duet.explain.ExplainOptions;
import dev.duet.explain.Explainer;
import dev.duet.model.ClipModel;
import dev.duet.tensor.Parallel;
import java.nio.file.Files;
import java.nio.file.Path;

/** Explanations by the tiny random-weight fixture model, loaded once per test JVM. */
final class TinyPairs {

    private static ClipModel model;

    private TinyPairs() {
    }

    static Path fixtures() {
        return Path.of(System.getProperty("duet.shared"), "fixtures");
    }

    static Path image(String name) {
        Path file = fixtures().resolve("images").resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new AssertionError("fixture image missing: " + file);
        }
        return file;
    }

    static synchronized ClipModel model() {
        if (model == null) {
            model = ClipModel.load(fixtures().resolve("models").resolve("tiny"));
        }
        return model;
    }

    static CaptionImageExplanation explain(String caption, String imageName) {
        try (Parallel parallel = Parallel.of(2)) {
            return Explainer.explain(model(), caption, image(imageName), ExplainOptions.defaults(), parallel);
        }
    }
}
