/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.model;

import dev.duet.BadInputException;
import dev.duet.model.layer.BlockWeights;
import dev.duet.model.layer.PatchEmbedding;
import dev.duet.model.layer.ProbePooling;
import dev.duet.model.layer.Readout;
import dev.duet.model.safetensors.TensorSource;

import java.nio.file.Path;
import java.util.List;

/**
 * transformers' {@code SiglipModel} checkpoint layout: {@code text_model.*} (embeddings,
 * encoder layers with separate q/k/v projections, {@code final_layer_norm}, {@code head}),
 * {@code vision_model.*} (patch convolution with bias, positions, encoder layers,
 * {@code post_layernorm}, {@code head} with {@code probe}, packed {@code attention.in_proj},
 * {@code layernorm} and {@code mlp}), {@code logit_scale} and {@code logit_bias}. The only class
 * that reads these names; {@link SiglipWriter} writes them.
 */
final class SiglipLayout {

    /** Encoder layers are named as in transformers' CLIP. */
    private static final BlockKeys BLOCK_KEYS = HuggingFaceLayout.BLOCK_KEYS;

    static final String CONFIG = "config.json";
    static final String WEIGHTS = "model.safetensors";
    /** A Python line that rewrites PyTorch's pickled weights as safetensors in the folder %s. */
    static final String PICKLE_CONVERSION = "from transformers import SiglipModel; d = '%1$s'; SiglipModel.from_pretrained(d).save_pretrained(d)";

    private SiglipLayout() {
    }

    /** Whether a parsed config.json describes a SigLIP model ({@code model_type} siglip or siglip2). */
    static boolean isSiglip(JsonConfig root) {
        String type = root.text("model_type", "");
        return type.equals("siglip") || type.equals("siglip2");
    }

    /** Keys of transformers' CLIPConfig that SiglipConfig has no counterpart of (SigLIP has no shared projection). */
    private static final List<String> CLIP_ONLY_KEYS = List.of("projection_dim", "logit_scale_init_value");

    /**
     * Refuses a config.json that mixes the two families: a tower's own {@code model_type} of the
     * other family ({@code clip_text_model} under siglip, {@code siglip_vision_model} under clip),
     * or CLIP's top-level keys under siglip. Whichever family read it, its towers would be built
     * from the other's defaults.
     */
    static void refuseMixedFamilies(JsonConfig root) {
        boolean siglip = isSiglip(root);
        String type = root.text("model_type", "");
        for (String tower : List.of("text_config", "vision_config")) {
            String towerType = root.child(tower).text("model_type", "");
            if (!towerType.isEmpty() && towerType.startsWith("siglip") != siglip) {
                throw new BadInputException(root.file(), "mixes SigLIP and CLIP keys: model_type '" + type + "' with "
                        + tower + ".model_type '" + towerType + "'");
            }
        }
        for (String key : CLIP_ONLY_KEYS) {
            if (siglip && root.has(key)) {
                throw new BadInputException(root.file(), "mixes SigLIP and CLIP keys: model_type '" + type
                        + "' with CLIP's '" + key + "'");
            }
        }
    }

    /**
     * The two towers' architecture from config.json, with the defaults of transformers'
     * SiglipTextConfig and SiglipVisionConfig for absent keys. SigLIP 2's NaFlex variants (model_type
     * siglip2, transformers' Siglip2Model: patches of a variable count, {@code num_patches}) are
     * refused; SigLIP 2's fixed-resolution checkpoints are model_type siglip.
     */
    static SiglipConfig readConfig(Path file) {
        JsonConfig root = CheckpointFiles.readJson(file);
        if (!isSiglip(root)) {
            throw new BadInputException(file, "model_type is '" + root.text("model_type", "") + "', not siglip or siglip2");
        }
        refuseMixedFamilies(root);
        JsonConfig text = root.child("text_config");
        JsonConfig vision = root.child("vision_config");
        // transformers' siglip2 model_type is Siglip2Model, NaFlex only (a linear patch embedding over
        // patches of a variable count, num_patches 256 by default); SigLIP 2's fixed-resolution
        // checkpoints are published as model_type siglip (SiglipModel) with Gemma's tokenizer
        if (root.text("model_type", "").equals("siglip2") || vision.has("num_patches")) {
            throw new BadInputException(file, "a NaFlex SigLIP 2 checkpoint (model_type siglip2, transformers' "
                    + "Siglip2Model): only fixed-resolution SigLIP models (model_type siglip, SigLIP 2's included) "
                    + "are supported");
        }
        try {
            int eos = text.integer("eos_token_id", 1);
            ClipConfig.Text textConfig = new ClipConfig.Text(
                    text.integer("hidden_size", 768), text.integer("intermediate_size", 3072),
                    text.integer("num_attention_heads", 12), text.integer("num_hidden_layers", 12),
                    text.integer("max_position_embeddings", 64), text.integer("vocab_size", 32000),
                    text.activation("hidden_act", "gelu_pytorch_tanh"), text.number("layer_norm_eps", 1e-6f),
                    text.integer("bos_token_id", eos), eos, ClipConfig.TextPooling.LAST_ROW, false);
            ClipConfig.Vision visionConfig = new ClipConfig.Vision(
                    vision.integer("hidden_size", 768), vision.integer("intermediate_size", 3072),
                    vision.integer("num_attention_heads", 12), vision.integer("num_hidden_layers", 12),
                    vision.integer("image_size", 224), vision.integer("patch_size", 16),
                    vision.integer("num_channels", 3), vision.activation("hidden_act", "gelu_pytorch_tanh"),
                    vision.number("layer_norm_eps", 1e-6f));
            if (textConfig.width() != visionConfig.width()) {
                throw new IllegalArgumentException("text hidden_size " + textConfig.width() + " differs from vision "
                        + "hidden_size " + visionConfig.width() + ": the embeddings could not be compared");
            }
            return new SiglipConfig(textConfig, visionConfig);
        } catch (IllegalArgumentException e) {
            throw CheckpointFiles.configProblem(file, e);
        }
    }

    static SiglipTowers read(TensorSource file, ClipConfig.Text text, ClipConfig.Vision vision) {
        WeightReader reader = new WeightReader(file);
        int d = text.width();
        List<BlockWeights> textBlocks = BLOCK_KEYS.read(reader, "text_model.encoder.layers.", text.layers(), d,
                text.intermediate());
        TextWeights textWeights = new TextWeights(
                reader.read("text_model.embeddings.token_embedding.weight", text.vocabSize(), d),
                reader.read("text_model.embeddings.position_embedding.weight", text.contextLength(), d),
                textBlocks,
                reader.read("text_model.final_layer_norm.weight", d),
                reader.read("text_model.final_layer_norm.bias", d),
                reader.read("text_model.head.weight", d, d),
                reader.read("text_model.head.bias", d));
        int w = vision.width();
        int p = vision.patchSize();
        int patches = vision.gridSize() * vision.gridSize();
        PatchEmbedding embedding = new PatchEmbedding(
                reader.read("vision_model.embeddings.patch_embedding.weight", w, vision.channels(), p, p),
                reader.read("vision_model.embeddings.patch_embedding.bias", w), null,
                reader.read("vision_model.embeddings.position_embedding.weight", patches, w), null, null, p,
                vision.imageSize(), w, vision.layerNormEps());
        String head = "vision_model.head.";
        ProbePooling pooling = new ProbePooling(
                reader.read("vision_model.post_layernorm.weight", w), reader.read("vision_model.post_layernorm.bias", w),
                reader.read(head + "probe", 1, 1, w),
                reader.read(head + "attention.in_proj_weight", 3L * w, w), reader.read(head + "attention.in_proj_bias", 3L * w),
                reader.read(head + "attention.out_proj.weight", w, w), reader.read(head + "attention.out_proj.bias", w),
                reader.read(head + "layernorm.weight", w), reader.read(head + "layernorm.bias", w),
                reader.read(head + "mlp.fc1.weight", vision.intermediate(), w), reader.read(head + "mlp.fc1.bias", vision.intermediate()),
                reader.read(head + "mlp.fc2.weight", w, vision.intermediate()), reader.read(head + "mlp.fc2.bias", w),
                w, vision.intermediate(), vision.heads(), vision.activation(), vision.layerNormEps());
        VisionEncoder visionEncoder = new VisionEncoder(vision, embedding, VisionEncoder.stack(vision,
                BLOCK_KEYS.read(reader, "vision_model.encoder.layers.", vision.layers(), w, vision.intermediate())),
                new Readout.ProbeReadout(pooling));
        float logitScale = CheckpointFiles.checkLogitScale(file.path(), reader.readScalar("logit_scale"));
        float logitBias = reader.readScalar("logit_bias");
        if (!Float.isFinite(logitBias)) {
            throw new BadInputException(file.path(), "logit_bias " + logitBias + " is not finite");
        }
        return new SiglipTowers(new TextEncoder(text, textWeights, d), visionEncoder,
                new Score.Sigmoid(logitScale, logitBias));
    }
}
