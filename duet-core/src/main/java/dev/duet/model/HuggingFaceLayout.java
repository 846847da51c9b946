/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.model;

import dev.duet.BadInputException;
import dev.duet.model.layer.BlockWeights;
import dev.duet.model.safetensors.TensorSource;

import java.nio.file.Path;
import java.util.List;

/**
 * The HuggingFace {@code CLIPModel} checkpoint layout: {@code config.json} and
 * {@code model.safetensors} with {@code text_model.*}, {@code vision_model.*} key names.
 * The only class that knows those names.
 */
final class HuggingFaceLayout {

    static final String CONFIG = "config.json";
    static final String WEIGHTS = "model.safetensors";
    /** PyTorch's pickled weights, which Duet refuses to unpickle: whole, or the index of shards. */
    static final List<String> PICKLED_WEIGHTS = List.of("pytorch_model.bin", "pytorch_model.bin.index.json");
    /** A Python line that rewrites them as safetensors in the folder %s (transformers saves safetensors by default). */
    static final String PICKLE_CONVERSION = "from transformers import CLIPModel; d = '%1$s'; CLIPModel.from_pretrained(d).save_pretrained(d)";

    private HuggingFaceLayout() {
    }

    /** Parses config.json with the defaults of transformers' CLIPConfig for absent keys. */
    static ClipConfig readConfig(Path file) {
        JsonConfig root = CheckpointFiles.readJson(file);
        if (SiglipLayout.isSiglip(root)) {
            throw new BadInputException(file, "a SigLIP checkpoint (model_type " + root.text("model_type", "")
                    + "), where a CLIP one is needed");
        }
        SiglipLayout.refuseMixedFamilies(root);
        JsonConfig text = root.child("text_config");
        JsonConfig vision = root.child("vision_config");
        try {
            int eos = text.integer("eos_token_id", 49407);
            ClipConfig.Text textConfig = new ClipConfig.Text(
                    text.integer("hidden_size", 512), text.integer("intermediate_size", 2048),
                    text.integer("num_attention_heads", 8), text.integer("num_hidden_layers", 12),
                    text.integer("max_position_embeddings", 77), text.integer("vocab_size", 49408),
                    text.activation("hidden_act", "quick_gelu"), text.number("layer_norm_eps", 1e-5f),
                    text.integer("bos_token_id", 49406), eos,
                    eos == 2 ? ClipConfig.TextPooling.ARGMAX_ID : ClipConfig.TextPooling.FIRST_EOS);
            ClipConfig.Vision visionConfig = new ClipConfig.Vision(
                    vision.integer("hidden_size", 768), vision.integer("intermediate_size", 3072),
                    vision.integer("num_attention_heads", 12), vision.integer("num_hidden_layers", 12),
                    vision.integer("image_size", 224), vision.integer("patch_size", 32),
                    vision.integer("num_channels", 3), vision.activation("hidden_act", "quick_gelu"),
                    vision.number("layer_norm_eps", 1e-5f));
            return new ClipConfig(textConfig, visionConfig, root.integer("projection_dim", 512),
                    root.number("logit_scale_init_value", 2.6592f));
        } catch (IllegalArgumentException e) {
            throw CheckpointFiles.configProblem(file, e);
        }
    }

    static ClipWeights readWeights(TensorSource file, ClipConfig config) {
        WeightReader reader = new WeightReader(file);
        ClipConfig.Text text = config.text();
        ClipConfig.Vision vision = config.vision();
        int projection = config.projectionDim();
        TextWeights textWeights = new TextWeights(
                reader.read("text_model.embeddings.token_embedding.weight", text.vocabSize(), text.width()),
                reader.read("text_model.embeddings.position_embedding.weight", text.contextLength(), text.width()),
                blocks(reader, "text_model.encoder.layers.", text.layers(), text.width(), text.intermediate()),
                reader.read("text_model.final_layer_norm.weight", text.width()),
                reader.read("text_model.final_layer_norm.bias", text.width()),
                reader.read("text_projection.weight", projection, text.width()));
        int patch = vision.patchSize();
        VisionWeights visionWeights = new VisionWeights(
                reader.read("vision_model.embeddings.patch_embedding.weight", vision.width(), vision.channels(), patch, patch),
                reader.read("vision_model.embeddings.class_embedding", vision.width()),
                reader.read("vision_model.embeddings.position_embedding.weight", vision.rows(), vision.width()),
                reader.read("vision_model.pre_layrnorm.weight", vision.width()),
                reader.read("vision_model.pre_layrnorm.bias", vision.width()),
                blocks(reader, "vision_model.encoder.layers.", vision.layers(), vision.width(), vision.intermediate()),
                reader.read("vision_model.post_layernorm.weight", vision.width()),
                reader.read("vision_model.post_layernorm.bias", vision.width()),
                reader.read("visual_projection.weight", projection, vision.width()));
        float logitScale = file.contains("logit_scale") ? reader.readScalar("logit_scale") : config.logitScaleInit();
        return new ClipWeights(textWeights, visionWeights, logitScale);
    }

    /** Per-block tensor names; Q, K and V are stored apart and fused on reading. */
    static final BlockKeys BLOCK_KEYS = new BlockKeys("layer_norm1", "layer_norm2",
            List.of("self_attn.q_proj", "self_attn.k_proj", "self_attn.v_proj"), "self_attn.out_proj", "mlp.fc1", "mlp.fc2");

    private static List<BlockWeights> blocks(WeightReader reader, String prefix, int layers, int width, int intermediate) {
        return BLOCK_KEYS.read(reader, prefix, layers, width, intermediate);
    }
}
