/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.model;

import dev.duet.model.layer.BlockWeights;
import dev.duet.BadInputException;
import dev.duet.model.safetensors.DType;
import dev.duet.model.safetensors.SafetensorsFile;
import dev.duet.model.safetensors.SafetensorsWriter;
import dev.duet.tensor.Parallel;
import dev.duet.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Config-driven loading, the open_clip layout, and the bad checkpoints a user may point Duet at. */
class CheckpointLoadingTest {

    @TempDir
    Path directory;

    private static String messageOf(Path model) {
        BadInputException e = assertThrows(BadInputException.class, () -> ClipCheckpoint.load(model));
        assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
        return e.getMessage();
    }

    private Path copyOfFixture(String configReplacement) throws IOException {
        Path copy = Files.createDirectories(directory.resolve("model"));
        for (String name : List.of("model.safetensors", "vocab.json", "merges.txt", "preprocessor_config.json")) {
            Files.createSymbolicLink(copy.resolve(name), Fixtures.tinyModel().resolve(name).toAbsolutePath());
        }
        String config = Files.readString(Fixtures.tinyModel().resolve("config.json"));
        Files.writeString(copy.resolve("config.json"), configReplacement == null ? config : configReplacement.replace("$CONFIG", config));
        return copy;
    }

    @Test
    void readsTheArchitectureFromTheConfig() {
        ClipConfig config = ClipCheckpoint.load(Fixtures.tinyModel()).config();
        assertEquals(64, config.text().width());
        assertEquals(4, config.text().heads());
        assertEquals(96, config.vision().width());
        assertEquals(1, config.vision().heads());
        assertEquals(4, config.vision().gridSize());
        assertEquals(64, config.projectionDim());
        assertEquals(ClipConfig.TextPooling.FIRST_EOS, config.text().pooling());
    }

    @Test
    void legacyEosTokenIdTwoPoolsAtArgmax() throws IOException {
        Path model = copyOfFixture(null);
        String config = Files.readString(model.resolve("config.json")).replace("\"eos_token_id\": 49407", "\"eos_token_id\": 2");
        Files.writeString(model.resolve("config.json"), config);
        ClipConfig parsed = ClipCheckpoint.readConfig(model);
        assertEquals(ClipConfig.TextPooling.ARGMAX_ID, parsed.text().pooling());
    }

    @Test
    void emptyDirectoryIsRefused() {
        assertTrue(messageOf(directory).contains("not a CLIP checkpoint"));
    }

    @Test
    void malformedConfigIsRefused() throws IOException {
        Path model = copyOfFixture("{ not json");
        assertTrue(messageOf(model).contains("config.json: malformed JSON"));
    }

    @Test
    void configWithWrongTypeIsRefused() throws IOException {
        Path model = copyOfFixture("{\"text_config\": {\"hidden_size\": \"wide\"}}");
        assertTrue(messageOf(model).contains("'text_config.hidden_size' must be an integer"));
    }

    @Test
    void unsupportedActivationIsRefused() throws IOException {
        Path model = copyOfFixture(null);
        Files.writeString(model.resolve("config.json"),
                Files.readString(model.resolve("config.json")).replaceFirst("quick_gelu", "mish"));
        assertTrue(messageOf(model).contains("hidden_act"));
    }

    @Test
    void shapeThatDisagreesWithTheConfigIsRefused() throws IOException {
        Path model = copyOfFixture(null);
        Files.writeString(model.resolve("config.json"),
                Files.readString(model.resolve("config.json")).replace("\"intermediate_size\": 256", "\"intermediate_size\": 128"));
        String message = messageOf(model);
        assertTrue(message.contains("model.safetensors") && message.contains("fc1.weight") && message.contains("config implies"), message);
    }

    @Test
    void missingWeightsFileIsRefused() throws IOException {
        Path model = copyOfFixture(null);
        Files.delete(model.resolve("model.safetensors"));
        assertTrue(messageOf(model).contains("model.safetensors: file not found"));
    }

    @Test
    void missingTensorIsRefused() throws IOException {
        Path model = copyOfFixture(null);
        Path weights = model.resolve("model.safetensors");
        SafetensorsWriter writer = new SafetensorsWriter();
        try (SafetensorsFile file = SafetensorsFile.open(Fixtures.tinyModel().resolve("model.safetensors"))) {
            for (var entry : file.tensors().values()) {
                if (!entry.name().equals("text_projection.weight")) {
                    writer.put(entry.name(), file.readFloats(entry.name()), entry.shape());
                }
            }
        }
        Files.delete(weights);
        writer.write(weights, DType.F32);
        assertTrue(messageOf(model).contains("missing tensor 'text_projection.weight'"));
    }

    @Test
    void truncatedWeightsAreRefused() throws IOException {
        Path model = copyOfFixture(null);
        Path weights = model.resolve("model.safetensors");
        byte[] bytes = Files.readAllBytes(Fixtures.tinyModel().resolve("model.safetensors"));
        Files.delete(weights);
        Files.write(weights, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertTrue(messageOf(model).contains("truncated"));
    }

    /** The fixture converted to the OpenAI / open_clip layout inside the test gives identical embeddings. */
    @Test
    void openClipLayoutGivesIdenticalEmbeddings() throws IOException {
        ClipCheckpoint hf = ClipCheckpoint.load(Fixtures.tinyModel());
        Path openClip = Files.createDirectories(directory.resolve("open_clip"));
        writeOpenClip(hf, openClip);
        ClipCheckpoint converted = ClipCheckpoint.load(openClip);
        ClipConfig config = hf.config();
        int[] ids = Fixtures.captionIds(0);
        float[] pixels = Fixtures.cropPixels(0);
        float[] hfText = new TextEncoder(config.text(), hf.weights().text(), config.projectionDim()).encode(Parallel.serial(), List.of(ids))[0];
        float[] ocText = new TextEncoder(converted.config().text(), converted.weights().text(), config.projectionDim()).encode(Parallel.serial(), List.of(ids))[0];
        float[] hfImage = new VisionEncoder(config.vision(), hf.weights().vision(), config.projectionDim()).encode(Parallel.serial(), List.of(pixels))[0];
        float[] ocImage = new VisionEncoder(converted.config().vision(), converted.weights().vision(), config.projectionDim()).encode(Parallel.serial(), List.of(pixels))[0];
        assertArrayEquals(hfText, ocText);
        assertArrayEquals(hfImage, ocImage);
        assertEquals(hf.weights().logitScale(), converted.weights().logitScale());
    }

    /** Writes open_clip key names: fused in_proj, ln_1/ln_2, c_fc/c_proj, proj and text_projection transposed. */
    private static void writeOpenClip(ClipCheckpoint checkpoint, Path target) throws IOException {
        ClipConfig config = checkpoint.config();
        int p = config.projectionDim();
        TextWeights text = checkpoint.weights().text();
        VisionWeights vision = checkpoint.weights().vision();
        int tw = config.text().width();
        int vw = config.vision().width();
        int patch = config.vision().patchSize();
        SafetensorsWriter writer = new SafetensorsWriter()
                .put("token_embedding.weight", text.tokenEmbedding(), config.text().vocabSize(), tw)
                .put("positional_embedding", text.positionEmbedding(), config.text().contextLength(), tw)
                .put("ln_final.weight", text.finalNormGain(), tw)
                .put("ln_final.bias", text.finalNormBias(), tw)
                .put("text_projection", WeightReader.transpose(text.projection(), p, tw), tw, p)
                .put("visual.conv1.weight", vision.patchWeight(), vw, 3, patch, patch)
                .put("visual.class_embedding", vision.classEmbedding(), vw)
                .put("visual.positional_embedding", vision.positionEmbedding(), config.vision().rows(), vw)
                .put("visual.ln_pre.weight", vision.preNormGain(), vw)
                .put("visual.ln_pre.bias", vision.preNormBias(), vw)
                .put("visual.ln_post.weight", vision.postNormGain(), vw)
                .put("visual.ln_post.bias", vision.postNormBias(), vw)
                .put("visual.proj", WeightReader.transpose(vision.projection(), p, vw), vw, p)
                .put("logit_scale", new float[] {checkpoint.weights().logitScale()});
        putBlocks(writer, "transformer.resblocks.", text.blocks(), tw, config.text().intermediate());
        putBlocks(writer, "visual.transformer.resblocks.", vision.blocks(), vw, config.vision().intermediate());
        writer.write(target.resolve("open_clip_model.safetensors"), DType.F32);
        Files.writeString(target.resolve("open_clip_config.json"), """
                {"model_cfg": {"embed_dim": %d, "quick_gelu": true,
                  "vision_cfg": {"image_size": %d, "layers": %d, "width": %d, "patch_size": %d, "head_width": %d},
                  "text_cfg": {"context_length": %d, "vocab_size": %d, "width": %d, "heads": %d, "layers": %d}}}
                """.formatted(p, config.vision().imageSize(), config.vision().layers(), vw, patch, config.vision().headWidth(),
                config.text().contextLength(), config.text().vocabSize(), tw, config.text().heads(), config.text().layers()));
    }

    private static void putBlocks(SafetensorsWriter writer, String prefix, List<BlockWeights> blocks, int width, int intermediate) {
        for (int i = 0; i < blocks.size(); i++) {
            BlockWeights block = blocks.get(i);
            String name = prefix + i + ".";
            writer.put(name + "ln_1.weight", block.norm1Gain(), width)
                    .put(name + "ln_1.bias", block.norm1Bias(), width)
                    .put(name + "attn.in_proj_weight", block.qkvWeight(), 3L * width, width)
                    .put(name + "attn.in_proj_bias", block.qkvBias(), 3L * width)
                    .put(name + "attn.out_proj.weight", block.outWeight(), width, width)
                    .put(name + "attn.out_proj.bias", block.outBias(), width)
                    .put(name + "ln_2.weight", block.norm2Gain(), width)
                    .put(name + "ln_2.bias", block.norm2Bias(), width)
                    .put(name + "mlp.c_fc.weight", block.fc1Weight(), intermediate, width)
                    .put(name + "mlp.c_fc.bias", block.fc1Bias(), intermediate)
                    .put(name + "mlp.c_proj.weight", block.fc2Weight(), width, intermediate)
                    .put(name + "mlp.c_proj.bias", block.fc2Bias(), width);
        }
    }
}
