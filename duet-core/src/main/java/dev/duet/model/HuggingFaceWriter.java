/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.model;

import dev.duet.model.layer.BlockWeights;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.duet.model.safetensors.DType;
import dev.duet.model.safetensors.SafetensorsWriter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.Map;

/**
 * Writes a CLIP dual encoder in the HuggingFace {@code CLIPModel} layout that
 * {@link ClipCheckpoint#load} and transformers' {@code CLIPModel.from_pretrained} read:
 * {@code config.json} and {@code model.safetensors} with the key names of
 * {@link HuggingFaceLayout}; the fused Q/K/V projection is split back into
 * {@code q_proj}, {@code k_proj}, {@code v_proj}. Both files are replaced atomically.
 */
public final class HuggingFaceWriter {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private HuggingFaceWriter() {
    }

    /**
     * Writes {@code directory/config.json} and {@code directory/model.safetensors} in {@code dtype}
     * (F32 keeps the weights bit for bit; F16 halves the file). {@code metadata} goes into the
     * safetensors header (provenance: seed, step, options).
     */
    public static void write(Path directory, ClipConfig config, ClipWeights weights, DType dtype,
                             Map<String, String> metadata) throws IOException {
        if (config.text().pooling() == ClipConfig.TextPooling.ARGMAX_ID && config.text().eosTokenId() != 2) {
            // transformers (and our reader) infer argmax pooling from eos_token_id == 2 alone
            throw new IllegalArgumentException("argmax pooling cannot be written with eos_token_id "
                    + config.text().eosTokenId() + " (the HF layout implies it only by eos_token_id 2)");
        }
        Files.createDirectories(directory);
        SafetensorsWriter writer = new SafetensorsWriter();
        writer.metadata("format", "pt");
        metadata.forEach(writer::metadata);
        putText(writer, config, weights.text());
        putVision(writer, config, weights.vision());
        writer.put("logit_scale", new float[] {weights.logitScale()});
        writer.write(directory.resolve(HuggingFaceLayout.WEIGHTS), dtype);
        dev.duet.AtomicFiles.write(directory.resolve(HuggingFaceLayout.CONFIG),
                JSON.writeValueAsString(configJson(config, dtype)).getBytes(StandardCharsets.UTF_8));
    }

    private static void putText(SafetensorsWriter writer, ClipConfig config, TextWeights weights) {
        ClipConfig.Text text = config.text();
        int d = text.width();
        writer.put("text_model.embeddings.token_embedding.weight", weights.tokenEmbedding(), text.vocabSize(), d);
        writer.put("text_model.embeddings.position_embedding.weight", weights.positionEmbedding(), text.contextLength(), d);
        putBlocks(writer, "text_model.encoder.layers.", weights.blocks(), d, text.intermediate());
        writer.put("text_model.final_layer_norm.weight", weights.finalNormGain(), d);
        writer.put("text_model.final_layer_norm.bias", weights.finalNormBias(), d);
        writer.put("text_projection.weight", weights.projection(), config.projectionDim(), d);
    }

    private static void putVision(SafetensorsWriter writer, ClipConfig config, VisionWeights weights) {
        ClipConfig.Vision vision = config.vision();
        int d = vision.width();
        int p = vision.patchSize();
        writer.put("vision_model.embeddings.class_embedding", weights.classEmbedding(), d);
        writer.put("vision_model.embeddings.patch_embedding.weight", weights.patchWeight(), d, vision.channels(), p, p);
        writer.put("vision_model.embeddings.position_embedding.weight", weights.positionEmbedding(), vision.rows(), d);
        writer.put("vision_model.pre_layrnorm.weight", weights.preNormGain(), d);
        writer.put("vision_model.pre_layrnorm.bias", weights.preNormBias(), d);
        putBlocks(writer, "vision_model.encoder.layers.", weights.blocks(), d, vision.intermediate());
        writer.put("vision_model.post_layernorm.weight", weights.postNormGain(), d);
        writer.put("vision_model.post_layernorm.bias", weights.postNormBias(), d);
        writer.put("visual_projection.weight", weights.projection(), config.projectionDim(), d);
    }

    static void putBlocks(SafetensorsWriter writer, String prefix, List<BlockWeights> blocks, int width,
                          int intermediate) {
        int square = width * width;
        for (int layer = 0; layer < blocks.size(); layer++) {
            BlockWeights block = blocks.get(layer);
            String p = prefix + layer + ".";
            writer.put(p + "layer_norm1.weight", block.norm1Gain(), width);
            writer.put(p + "layer_norm1.bias", block.norm1Bias(), width);
            String[] names = {"q_proj", "k_proj", "v_proj"};
            for (int part = 0; part < 3; part++) {
                // qkvWeight [3D][D] stacks Q, K, V rows; each third is one [D][D] projection
                writer.put(p + "self_attn." + names[part] + ".weight",
                        Arrays.copyOfRange(block.qkvWeight(), part * square, (part + 1) * square), width, width);
                writer.put(p + "self_attn." + names[part] + ".bias",
                        Arrays.copyOfRange(block.qkvBias(), part * width, (part + 1) * width), width);
            }
            writer.put(p + "self_attn.out_proj.weight", block.outWeight(), width, width);
            writer.put(p + "self_attn.out_proj.bias", block.outBias(), width);
            writer.put(p + "layer_norm2.weight", block.norm2Gain(), width);
            writer.put(p + "layer_norm2.bias", block.norm2Bias(), width);
            writer.put(p + "mlp.fc1.weight", block.fc1Weight(), intermediate, width);
            writer.put(p + "mlp.fc1.bias", block.fc1Bias(), intermediate);
            writer.put(p + "mlp.fc2.weight", block.fc2Weight(), width, intermediate);
            writer.put(p + "mlp.fc2.bias", block.fc2Bias(), width);
        }
    }

    /** The keys transformers' CLIPConfig reads; everything our reader needs is explicit, never a default. */
    private static ObjectNode configJson(ClipConfig config, DType dtype) {
        ObjectNode root = JSON.createObjectNode();
        root.putArray("architectures").add("CLIPModel");
        root.put("model_type", "clip");
        root.put("projection_dim", config.projectionDim());
        root.put("logit_scale_init_value", config.logitScaleInit());
        root.put("initializer_factor", 1.0);
        root.put("torch_dtype", dtype == DType.F16 ? "float16" : "float32");
        OptionalInt projection = OptionalInt.of(config.projectionDim());
        putTextConfig(root.putObject("text_config"), "clip_text_model", config.text(), projection);
        putVisionConfig(root.putObject("vision_config"), "clip_vision_model", config.vision(), projection);
        return root;
    }

    /**
     * A text tower's keys in transformers' layout, shared by CLIP's and SigLIP's configs: its shape,
     * activation, {@code projection_dim} when the family has one, and the token ids (captions are
     * padded with EOS in both).
     */
    static void putTextConfig(ObjectNode node, String modelType, ClipConfig.Text text, OptionalInt projectionDim) {
        node.put("model_type", modelType);
        node.put("hidden_size", text.width());
        node.put("intermediate_size", text.intermediate());
        node.put("num_attention_heads", text.heads());
        node.put("num_hidden_layers", text.layers());
        node.put("max_position_embeddings", text.contextLength());
        node.put("vocab_size", text.vocabSize());
        node.put("hidden_act", HiddenActivation.configName(text.activation()));
        node.put("layer_norm_eps", text.layerNormEps());
        projectionDim.ifPresent(dim -> node.put("projection_dim", dim));
        node.put("bos_token_id", text.bosTokenId());
        node.put("eos_token_id", text.eosTokenId());
        node.put("pad_token_id", text.padTokenId());
    }

    /** A vision tower's keys in transformers' layout, shared by CLIP's and SigLIP's configs. */
    static void putVisionConfig(ObjectNode node, String modelType, ClipConfig.Vision vision, OptionalInt projectionDim) {
        node.put("model_type", modelType);
        node.put("hidden_size", vision.width());
        node.put("intermediate_size", vision.intermediate());
        node.put("num_attention_heads", vision.heads());
        node.put("num_hidden_layers", vision.layers());
        node.put("image_size", vision.imageSize());
        node.put("patch_size", vision.patchSize());
        node.put("num_channels", vision.channels());
        node.put("hidden_act", HiddenActivation.configName(vision.activation()));
        node.put("layer_norm_eps", vision.layerNormEps());
        projectionDim.ifPresent(dim -> node.put("projection_dim", dim));
    }
}
