/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.testing;

import dev.duet.model.ClipCheckpoint;
import dev.duet.model.ClipConfig;
import dev.duet.model.TextWeights;
import dev.duet.model.layer.BlockWeights;
import dev.duet.model.safetensors.DType;
import dev.duet.model.safetensors.SafetensorsFile;
import dev.duet.model.safetensors.SafetensorsWriter;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * A small ResNet CLIP checkpoint in open_clip's layout for tests of any module: its text tower is
 * the tiny fixture's (written under open_clip's names), its image tower the PyTorch-checked ResNet
 * reference ({@code dev/duet/model/resnet-clip-reference.safetensors}: stem width 8, stages
 * [2, 1, 1, 1], 64-pixel images; it also holds the reference's pixels and embeddings).
 */
public final class ResNetCheckpoints {

    /** The reference weights and outputs, as a resource of duet-core's tests. */
    public static final String REFERENCE = "/dev/duet/model/resnet-clip-reference.safetensors";

    private ResNetCheckpoints() {
    }

    /** The reference file copied out of the test classpath (it may sit inside a jar) to {@code file}. */
    public static Path reference(Path file) throws IOException {
        try (InputStream in = ResNetCheckpoints.class.getResourceAsStream(REFERENCE)) {
            if (in == null) {
                throw new IllegalStateException(REFERENCE + " is not on the test classpath");
            }
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
        return file;
    }

    /** Writes the checkpoint into the empty or absent folder {@code directory} and returns it. */
    public static Path write(Path directory) throws IOException {
        Files.createDirectories(directory);
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
        Path referenceFile = reference(Files.createTempFile("resnet-clip-reference", ".safetensors"));
        try (SafetensorsFile resnet = SafetensorsFile.open(referenceFile)) {
            for (String name : resnet.tensors().keySet()) {
                if (name.startsWith("visual.")) {
                    writer.put(name, resnet.readFloats(name), resnet.info(name).shape());
                }
            }
        } finally {
            Files.deleteIfExists(referenceFile);
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
        return directory;
    }

    /** [cols][rows] from a row-major [rows][cols]: open_clip stores the text projection as x @ W. */
    private static float[] transpose(float[] matrix, int rows, int cols) {
        float[] transposed = new float[matrix.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                transposed[c * rows + r] = matrix[r * cols + c];
            }
        }
        return transposed;
    }
}
