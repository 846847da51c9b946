/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.model;

import dev.duet.explain.CaptionImageExplanation;
import dev.duet.explain.ExplainOptions;
import dev.duet.explain.Explainer;
import dev.duet.explain.Explanation;
import dev.duet.model.safetensors.SafetensorsFile;
import dev.duet.tensor.Parallel;
import dev.duet.testing.Fixtures;
import dev.duet.testing.ResNetCheckpoints;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A ResNet CLIP checkpoint in open_clip's layout ({@link ResNetCheckpoints}), loaded as a whole
 * model. Text and image embeddings equal their PyTorch references, and an explanation
 * through the model is complete over the map's positions.
 */
class ResNetCheckpointTest {

    /** In the build folder, so that the checkpoint can also be tried by hand: ./duet explain --model it ... */
    private static final Path DIRECTORY = Path.of("target", "resnet-clip-checkpoint");

    private static ClipModel model;
    private static SafetensorsFile resnet;

    @BeforeAll
    static void writeCheckpoint() throws Exception {
        dev.duet.AtomicFiles.deleteTree(DIRECTORY);
        model = ClipModel.load(ResNetCheckpoints.write(DIRECTORY));
        resnet = SafetensorsFile.open(Path.of(ResNetCheckpointTest.class.getResource("resnet-clip-reference.safetensors").toURI()));
    }

    @AfterAll
    static void close() {
        resnet.close();
    }

    @Test
    void embeddingsEqualTheReferences() throws IOException {
        assertTrue(model.vision() instanceof ResNetEncoder, "the image tower is a ResNet");
        try (Parallel parallel = Parallel.of(2)) {
            List<int[]> captions = new ArrayList<>();
            for (int c = 0; c < 2; c++) {
                captions.add(Fixtures.captionIds(c));
            }
            float[][] texts = model.text().encode(parallel, captions);
            var expected = Fixtures.json("tiny/embeddings.json");
            for (int c = 0; c < 2; c++) {
                assertClose(Fixtures.floats(expected.get("text_embeddings").get(c)), texts[c], "caption " + c);
            }
            float[] pixels = resnet.readFloats("reference.pixels");
            float[] image = java.util.Arrays.copyOf(pixels, 3 * 64 * 64);
            float[] embedding = model.vision().encode(parallel, List.of(image))[0];
            assertClose(java.util.Arrays.copyOf(resnet.readFloats("reference.embeddings"), 64), embedding, "image");
        }
    }

    @Test
    void anExplanationCoversTheMapsPositions() {
        try (Parallel parallel = Parallel.of(2)) {
            Path image = Path.of(System.getProperty("user.dir")).getParent().resolve("examples/blue-rectangle-red-square.png");
            CaptionImageExplanation pair = Explainer.explain(model, "a red square", image,
                    ExplainOptions.defaults().withLayers(1, 3), parallel);
            Explanation explanation = pair.attributions();
            assertEquals(4, explanation.gridRows(), "stage 3 of a 64-pixel ResNet is a 4 x 4 map");
            assertEquals(16, explanation.columns());
            double target = explanation.completeness().target();
            assertTrue(Math.abs(explanation.completeness().error()) < 2e-2 * Math.abs(target) + 1e-4,
                    "sum " + explanation.completeness().sum() + " against target " + target);
        }
    }

    private static void assertClose(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        double scale = 0;
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            scale = Math.max(scale, Math.abs(expected[i]));
            worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
        }
        assertTrue(worst <= 1e-5 * Math.max(1, scale), what + ": differs by " + worst + " at scale " + scale);
    }
}
