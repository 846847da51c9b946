/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.duet.AtomicFiles;
import dev.duet.model.layer.BlockWeights;
import dev.duet.model.layer.PatchEmbedding;
import dev.duet.model.layer.ProbePooling;
import dev.duet.model.layer.Readout;
import dev.duet.model.layer.TransformerBlock;
import dev.duet.model.safetensors.DType;
import dev.duet.model.safetensors.SafetensorsWriter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Writes SigLIP's towers and score in transformers' {@code SiglipModel} layout, the one
 * {@link SiglipLayout} reads: {@code config.json} (every key the reader needs explicit, never a
 * default) and {@code model.safetensors}; encoder layers with Q/K/V split as in CLIP's
 * ({@link HuggingFaceWriter#putBlocks}), the probe head's attention packed as PyTorch's
 * MultiheadAttention keeps it. Both files are replaced atomically; the tokenizer and preprocessing
 * files are the caller's.
 */
public final class SiglipWriter {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SiglipWriter() {
    }

    /** {@code metadata} goes into the safetensors header (provenance: seed, step, options). */
    public static void write(Path directory, SiglipConfig config, SiglipTowers towers, DType dtype,
                             Map<String, String> metadata) throws IOException {
        Files.createDirectories(directory);
        SafetensorsWriter writer = new SafetensorsWriter();
        writer.metadata("format", "pt");
        metadata.forEach(writer::metadata);
        putText(writer, config.text(), towers.text().weights());
        putVision(writer, config.vision(), towers.vision());
        writer.put("logit_scale", new float[] {towers.score().logitScale()}, 1);
        writer.put("logit_bias", new float[] {towers.score().logitBias()}, 1);
        writer.write(directory.resolve(SiglipLayout.WEIGHTS), dtype);
        AtomicFiles.write(directory.resolve(SiglipLayout.CONFIG),
                JSON.writeValueAsString(configJson(config, dtype)).getBytes(StandardCharsets.UTF_8));
    }

    private static void putText(SafetensorsWriter writer, ClipConfig.Text text, TextWeights weights) {
        int d = text.width();
        writer.put("text_model.embeddings.token_embedding.weight", weights.tokenEmbedding(), text.vocabSize(), d);
        writer.put("text_model.embeddings.position_embedding.weight", weights.positionEmbedding(), text.contextLength(), d);
        HuggingFaceWriter.putBlocks(writer, "text_model.encoder.layers.", weights.blocks(), d, text.intermediate());
        writer.put("text_model.final_layer_norm.weight", weights.finalNormGain(), d);
        writer.put("text_model.final_layer_norm.bias", weights.finalNormBias(), d);
        writer.put("text_model.head.weight", weights.projection(), d, d);
        writer.put("text_model.head.bias", weights.projectionBias(), d);
    }

    private static void putVision(SafetensorsWriter writer, ClipConfig.Vision vision, VisionEncoder encoder) {
        int w = vision.width();
        int p = vision.patchSize();
        int i = vision.intermediate();
        PatchEmbedding embedding = encoder.embedding();
        if (embedding.classEmbedding() != null || embedding.normGain() != null
                || !(encoder.readout() instanceof Readout.ProbeReadout(ProbePooling head))) {
            throw new IllegalArgumentException("not SigLIP's image tower: it has a class row, a pre-LayerNorm or "
                    + "another readout than the probe's");
        }
        writer.put("vision_model.embeddings.patch_embedding.weight", embedding.kernel(), w, vision.channels(), p, p);
        writer.put("vision_model.embeddings.patch_embedding.bias", embedding.kernelBias(), w);
        writer.put("vision_model.embeddings.position_embedding.weight", embedding.positions(),
                (long) vision.gridSize() * vision.gridSize(), w);
        List<BlockWeights> blocks = encoder.blocks().stream().map(TransformerBlock::weights).toList();
        HuggingFaceWriter.putBlocks(writer, "vision_model.encoder.layers.", blocks, w, i);
        writer.put("vision_model.post_layernorm.weight", head.postGain(), w);
        writer.put("vision_model.post_layernorm.bias", head.postBias(), w);
        String prefix = "vision_model.head.";
        writer.put(prefix + "probe", head.probe(), 1, 1, w);
        writer.put(prefix + "attention.in_proj_weight", head.inWeight(), 3L * w, w);
        writer.put(prefix + "attention.in_proj_bias", head.inBias(), 3L * w);
        writer.put(prefix + "attention.out_proj.weight", head.outWeight(), w, w);
        writer.put(prefix + "attention.out_proj.bias", head.outBias(), w);
        writer.put(prefix + "layernorm.weight", head.normGain(), w);
        writer.put(prefix + "layernorm.bias", head.normBias(), w);
        writer.put(prefix + "mlp.fc1.weight", head.fc1Weight(), i, w);
        writer.put(prefix + "mlp.fc1.bias", head.fc1Bias(), i);
        writer.put(prefix + "mlp.fc2.weight", head.fc2Weight(), w, i);
        writer.put(prefix + "mlp.fc2.bias", head.fc2Bias(), w);
    }

    /** The keys transformers' SiglipConfig reads. */
    private static ObjectNode configJson(SiglipConfig config, DType dtype) {
        ObjectNode root = JSON.createObjectNode();
        root.putArray("architectures").add("SiglipModel");
        root.put("model_type", "siglip");
        root.put("torch_dtype", dtype == DType.F16 ? "float16" : "float32");
        // SigLIP pads captions with </s> (transformers' SiglipTokenizer: pad_token "</s>"), and has no projection_dim
        HuggingFaceWriter.putTextConfig(root.putObject("text_config"), "siglip_text_model", config.text(), OptionalInt.empty());
        HuggingFaceWriter.putVisionConfig(root.putObject("vision_config"), "siglip_vision_model", config.vision(),
                OptionalInt.empty());
        return root;
    }
}
