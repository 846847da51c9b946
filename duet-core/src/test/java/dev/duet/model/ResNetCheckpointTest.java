package dev.duet.model;

import dev.duet.explain.CaptionImageExplanation;
import dev.duet.explain.ExplainOptions;
import dev.duet.explain.Explainer;
import dev.duet.explain.Explanation;
import dev.duet.model.layer.BlockWeights;
import dev.duet.model.safetensors.DType;
import dev.duet.model.safetensors.SafetensorsFile;
import dev.duet.model.safetensors.SafetensorsWriter;
import dev.duet.tensor.Parallel;
import dev.duet.testing.Fixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A ResNet CLIP checkpoint in open_clip's layout, loaded as a whole model: its text tower is the
 * tiny fixture's (written under open_clip's names), its image tower the PyTorch-checked ResNet
 * reference. Text and image embeddings equal their PyTorch references, and an explanation
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
        Files.createDirectories(DIRECTORY);
        Path directory = DIRECTORY;
        ClipCheckpoint tiny = ClipCheckpoint.load(Fixtures.tinyModel());
        ClipConfig.Text text = tiny.config().text();
        TextWeights weights = tiny.weights().text();
        int d = text.width();
        int p = tiny.config().projectionDim();
        SafetensorsWriter writer = new SafetensorsWriter()
                .put("token_embedding.weight", weights.tokenEmbedding(), text.vocabSize(), d)
                .put("positional_embedding", weights.positionEmbedding(), text.contextLength(), d)
                .put("ln_final.weight", weights.finalNormGain(), d)
                .put("ln_final.bias", weights.finalNormBias(), d)
                .put("text_projection", transpose(weights.projection(), p, d), d, p)
                .put("logit_scale", new float[] {tiny.weights().logitScale()});
        for (int l = 0; l < weights.blocks().size(); l++) {
            BlockWeights block = weights.blocks().get(l);
            String prefix = "transformer.resblocks." + l + ".";
            int i = text.intermediate();
            writer.put(prefix + "ln_1.weight", block.norm1Gain(), d).put(prefix + "ln_1.bias", block.norm1Bias(), d)
                    .put(prefix + "attn.in_proj_weight", block.qkvWeight(), 3 * d, d)
                    .put(prefix + "attn.in_proj_bias", block.qkvBias(), 3 * d)
                    .put(prefix + "attn.out_proj.weight", block.outWeight(), d, d)
                    .put(prefix + "attn.out_proj.bias", block.outBias(), d)
                    .put(prefix + "ln_2.weight", block.norm2Gain(), d).put(prefix + "ln_2.bias", block.norm2Bias(), d)
                    .put(prefix + "mlp.c_fc.weight", block.fc1Weight(), i, d).put(prefix + "mlp.c_fc.bias", block.fc1Bias(), i)
                    .put(prefix + "mlp.c_proj.weight", block.fc2Weight(), d, i).put(prefix + "mlp.c_proj.bias", block.fc2Bias(), d);
        }
        resnet = SafetensorsFile.open(Path.of(ResNetCheckpointTest.class.getResource("resnet-clip-reference.safetensors").toURI()));
        for (String name : resnet.tensors().keySet()) {
            if (name.startsWith("visual.")) {
                writer.put(name, resnet.readFloats(name), resnet.info(name).shape());
            }
        }
        writer.write(directory.resolve("open_clip_model.safetensors"), DType.F32);
        Files.writeString(directory.resolve("open_clip_config.json"), """
                {"model_cfg": {"embed_dim": %d, "quick_gelu": true,
                  "vision_cfg": {"layers": [2, 1, 1, 1], "width": 8, "image_size": 64, "head_width": 64},
                  "text_cfg": {"context_length": %d, "vocab_size": %d, "width": %d, "heads": %d, "layers": %d,
                               "mlp_ratio": %d}}}
                """.formatted(p, text.contextLength(), text.vocabSize(), d, text.heads(), weights.blocks().size(),
                text.intermediate() / d));
        for (String file : List.of("vocab.json", "merges.txt")) {
            Files.copy(Fixtures.tinyModel().resolve(file), directory.resolve(file));
        }
        model = ClipModel.load(directory);
    }

    @AfterAll
    static void close() {
        resnet.close();
    }

    private static float[] transpose(float[] matrix, int rows, int cols) {
        float[] transposed = new float[matrix.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                transposed[c * rows + r] = matrix[r * cols + c];
            }
        }
        return transposed;
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
