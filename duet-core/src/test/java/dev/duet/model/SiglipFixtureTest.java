/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.model;

import dev.duet.explain.Completeness;
import dev.duet.explain.ExplainOptions;
import dev.duet.explain.Explainer;
import dev.duet.explain.Explanation;
import dev.duet.explain.ImageMode;
import dev.duet.model.layer.ProbePooling;
import dev.duet.model.layer.Readout;
import dev.duet.model.safetensors.SafetensorsFile;
import dev.duet.tensor.Activation;
import dev.duet.tensor.Parallel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static dev.duet.testing.Samples.assertClose;
import static dev.duet.testing.Samples.flatten;
import static dev.duet.testing.Samples.gaussian;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SigLIP's towers against an independent PyTorch reference ({@code tools/references/siglip.py},
 * written from transformers' modelling code; random weights of a small shape): text and image
 * embeddings and the pair logits; the attention-pooling head's tangent against central
 * differences and its cotangent against the transpose identity.
 */
class SiglipFixtureTest {

    private static final ClipConfig.Text TEXT = new ClipConfig.Text(32, 64, 4, 2, 16, 100, Activation.GELU_TANH, 1e-6f,
            1, 1, ClipConfig.TextPooling.LAST_ROW, false);
    private static final ClipConfig.Vision VISION = new ClipConfig.Vision(32, 64, 4, 2, 32, 8, 3, Activation.GELU_TANH,
            1e-6f);
    private static SafetensorsFile reference;
    private static SiglipTowers model;

    @BeforeAll
    static void load() throws Exception {
        var url = SiglipFixtureTest.class.getResource("siglip-reference.safetensors");
        assertTrue(url != null, "missing test resource siglip-reference.safetensors");
        reference = SafetensorsFile.open(Path.of(url.toURI()));
        model = SiglipTowers.read(reference, TEXT, VISION);
    }

    @AfterAll
    static void close() {
        reference.close();
    }

    @Test
    void embeddingsAndLogitsEqualPyTorchs() {
        try (Parallel parallel = Parallel.of(2)) {
            float[] ids = reference.readFloats("reference.ids");
            List<int[]> sequences = new ArrayList<>();
            for (int s = 0; s < 3; s++) {
                int[] sequence = new int[16];
                for (int t = 0; t < 16; t++) {
                    sequence[t] = (int) ids[s * 16 + t];
                }
                sequences.add(sequence);
            }
            float[][] texts = model.text().encode(parallel, sequences);
            assertClose(reference.readFloats("reference.text_embeddings"), flatten(texts), 1e-5, "text embeddings");
            float[] pixels = reference.readFloats("reference.pixels");
            int size = 3 * 32 * 32;
            List<float[]> images = List.of(Arrays.copyOfRange(pixels, 0, size), Arrays.copyOfRange(pixels, size, 2 * size));
            float[][] embeddings = model.vision().encode(parallel, images);
            assertClose(reference.readFloats("reference.image_embeddings"), flatten(embeddings), 1e-5, "image embeddings");
            float[] logits = new float[6];
            float[][] unitTexts = Embeddings.normalized(texts);
            float[][] unitImages = Embeddings.normalized(embeddings);
            for (int t = 0; t < 3; t++) {
                for (int i = 0; i < 2; i++) {
                    logits[t * 2 + i] = (float) model.score().logit(Embeddings.dot(unitTexts[t], unitImages[i]));
                }
            }
            assertClose(reference.readFloats("reference.logits"), logits, 1e-5, "logits");
        }
    }

    @Test
    void poolingHeadRulesAreTheDerivativeAndItsTranspose() {
        Parallel serial = Parallel.serial();
        ProbePooling head = ((Readout.ProbeReadout) model.vision().readout()).head();
        int rows = model.vision().rows();
        float[] x = model.vision().hiddenState(serial, Arrays.copyOf(reference.readFloats("reference.pixels"), 3 * 32 * 32),
                2);
        ProbePooling.Trace trace = head.forward(serial, x, 1, rows);
        Random random = new Random(7);
        for (int trial = 0; trial < 3; trial++) {
            float[] v = gaussian(random, x.length);
            double h = 1e-2;
            float[] plus = x.clone();
            float[] minus = x.clone();
            for (int i = 0; i < x.length; i++) {
                plus[i] += (float) (h * v[i]);
                minus[i] -= (float) (h * v[i]);
            }
            float[] yPlus = head.forward(serial, plus, 1, rows).embeddings();
            float[] yMinus = head.forward(serial, minus, 1, rows).embeddings();
            float[] numeric = new float[yPlus.length];
            for (int i = 0; i < numeric.length; i++) {
                numeric[i] = (float) ((yPlus[i] - yMinus[i]) / (2 * h));
            }
            float[] jv = head.tangent(serial, trace, v, 1);
            assertClose(numeric, jv, 2e-3, "tangent, trial " + trial);
            float[] g = gaussian(random, 2 * jv.length);
            float[] pulled = head.cotangent(serial, trace, g, 2);
            for (int s = 0; s < 2; s++) {
                double forward = 0;
                for (int i = 0; i < jv.length; i++) {
                    forward += (double) g[s * jv.length + i] * jv[i];
                }
                double backward = 0;
                for (int i = 0; i < x.length; i++) {
                    backward += (double) pulled[s * x.length + i] * v[i];
                }
                assertEquals(forward, backward, 1e-4 * (1 + Math.abs(forward)), "cotangent " + s);
            }
        }
    }

    @Test
    void aCheckpointDirectoryLoadsAndForeignOnesAreRefused(@org.junit.jupiter.api.io.TempDir Path directory) throws Exception {
        java.nio.file.Files.copy(reference.path(), directory.resolve("model.safetensors"));
        String config = """
                {"model_type": "siglip",
                 "text_config": {"hidden_size": 32, "intermediate_size": 64, "num_attention_heads": 4,
                   "num_hidden_layers": 2, "max_position_embeddings": 16, "vocab_size": 100},
                 "vision_config": {"hidden_size": 32, "intermediate_size": 64, "num_attention_heads": 4,
                   "num_hidden_layers": 2, "image_size": 32, "patch_size": 8}}
                """;
        java.nio.file.Files.writeString(directory.resolve("config.json"), config);
        SiglipTowers loaded = SiglipTowers.load(directory);
        float[] pixels = Arrays.copyOf(reference.readFloats("reference.pixels"), 3 * 32 * 32);
        assertClose(Arrays.copyOf(reference.readFloats("reference.image_embeddings"), 32),
                loaded.vision().encode(Parallel.serial(), List.of(pixels))[0], 1e-5, "image embedding after loading");
        assertEquals(dev.duet.image.PreprocessorConfig.siglipDefaults(32), SiglipModel.preprocessor(directory).config());
        java.nio.file.Files.writeString(directory.resolve("preprocessor_config.json"), """
                {"image_processor_type": "SiglipImageProcessor", "image_mean": [0.5, 0.5, 0.5],
                 "image_std": [0.5, 0.5, 0.5], "resample": 3, "rescale_factor": 0.00392156862745098,
                 "size": {"height": 32, "width": 32}}""");
        assertEquals(dev.duet.image.PreprocessorConfig.siglipDefaults(32), SiglipModel.preprocessor(directory).config());
        java.nio.file.Files.writeString(directory.resolve("preprocessor_config.json"), "{\"size\": {\"height\": 32, \"width\": 48}}");
        dev.duet.BadInputException input = org.junit.jupiter.api.Assertions.assertThrows(dev.duet.BadInputException.class,
                () -> SiglipModel.preprocessor(directory));
        assertTrue(input.getMessage().contains("48x32 differs from the model's image_size 32"), input.getMessage());
        dev.duet.BadInputException clip = org.junit.jupiter.api.Assertions.assertThrows(dev.duet.BadInputException.class,
                () -> ClipCheckpoint.load(directory));
        assertTrue(clip.getMessage().contains("SigLIP"), clip.getMessage());
        java.nio.file.Files.writeString(directory.resolve("config.json"),
                config.replace("\"patch_size\": 8", "\"patch_size\": 8, \"num_patches\": 256").replace("\"siglip\"", "\"siglip2\""));
        dev.duet.BadInputException naflex = org.junit.jupiter.api.Assertions.assertThrows(dev.duet.BadInputException.class,
                () -> SiglipTowers.load(directory));
        assertTrue(naflex.getMessage().contains("NaFlex"), naflex.getMessage());
    }

    /** The pooling head's gradient rule against central differences, over a batch of two. */
    @Test
    void poolingHeadGradientsMatchDifferences() {
        Parallel serial = Parallel.serial();
        ProbePooling head = ((Readout.ProbeReadout) model.vision().readout()).head();
        int rows = model.vision().rows();
        Random random = new Random(11);
        float[] x = gaussian(random, 2 * rows * 32);
        float[] w = gaussian(random, 2 * 32);
        ProbePooling gradients = head.map(values -> new float[values.length]);
        float[] dX = head.backward(serial, head.forward(serial, x, 2, rows), w, gradients);
        float[][][] pairs = {{head.probe(), gradients.probe()}, {head.inWeight(), gradients.inWeight()},
            {head.inBias(), gradients.inBias()}, {head.outWeight(), gradients.outWeight()},
            {head.postGain(), gradients.postGain()}, {head.normGain(), gradients.normGain()},
            {head.fc1Weight(), gradients.fc1Weight()}, {head.fc2Bias(), gradients.fc2Bias()}, {x, dX}};
        for (float[][] pair : pairs) {
            float[] parameter = pair[0];
            for (int sample = 0; sample < 4; sample++) {
                int index = sample == 0 ? 0 : random.nextInt(parameter.length);
                float saved = parameter[index];
                double h = 1e-2;
                parameter[index] = (float) (saved + h);
                double plus = dot(head.forward(serial, x, 2, rows).embeddings(), w);
                parameter[index] = (float) (saved - h);
                double minus = dot(head.forward(serial, x, 2, rows).embeddings(), w);
                parameter[index] = saved;
                double numeric = (plus - minus) / (2 * h);
                assertEquals(numeric, pair[1][index], 1e-2 * Math.abs(numeric) + 1e-3, "entry " + index);
            }
        }
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) a[i] * b[i];
        }
        return sum;
    }

    /** A whole explanation of a SigLIP pair adds up to its four-term target, through either image side. */
    @Test
    void explanationsAreComplete() {
        float[] ids = reference.readFloats("reference.ids");
        int[] caption = new int[16];
        for (int t = 0; t < 16; t++) {
            caption[t] = (int) ids[t];
        }
        float[] pixels = Arrays.copyOf(reference.readFloats("reference.pixels"), 3 * 32 * 32);
        float[] half = {0.5f, 0.5f, 0.5f};
        for (int layer : new int[] {0, 1}) {
            for (ImageMode mode : new ImageMode[] {ImageMode.FORWARD, ImageMode.REVERSE}) {
                Explainer explainer = new Explainer(model.text(), model.vision(), model.score(), half, half,
                        ExplainOptions.defaults().withLayers(layer, layer).withImageMode(mode), Parallel.serial());
                Explanation explanation = explainer.explain(explainer.textFactor(caption), pixels);
                assertEquals(16, explanation.columns(), "one column per patch, no CLS");
                Completeness completeness = explanation.completeness();
                assertTrue(Math.abs(completeness.error()) < 1e-3 * Math.abs(completeness.target()) + 1e-5,
                        "layer " + layer + ", " + mode + ": sum " + completeness.sum() + " against " + completeness.target());
            }
        }
    }
}
