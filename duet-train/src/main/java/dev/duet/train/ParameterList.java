/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.train;

import dev.duet.model.layer.BlockWeights;
import dev.duet.model.ClipConfig;
import dev.duet.model.SiglipConfig;
import dev.duet.model.TextWeights;
import dev.duet.model.VisionWeights;
import dev.duet.model.layer.PatchEmbedding;
import dev.duet.model.layer.ProbePooling;

import java.util.ArrayList;
import java.util.List;

import static dev.duet.train.ParameterTensor.Role;
import static dev.duet.train.ParameterTensor.Section;
import static dev.duet.train.ParameterTensor.Tower;

/**
 * Lists a model's arrays in one fixed order with names and roles. Parameters and their
 * gradients go through the same listing, so entry i of one is entry i of the other.
 */
final class ParameterList {

    private ParameterList() {
    }

    static List<ParameterTensor> of(ClipConfig config, TextWeights text, VisionWeights vision, float[] logitScale) {
        List<ParameterTensor> list = new ArrayList<>();
        ClipConfig.Text t = config.text();
        ClipConfig.Vision v = config.vision();
        int p = config.projectionDim();
        Builder textList = new Builder(list, Tower.TEXT);
        textList.add("text_model.embeddings.token_embedding.weight", text.tokenEmbedding(), Role.EMBEDDING,
                Section.EMBEDDINGS, -1, t.vocabSize(), t.width());
        textList.add("text_model.embeddings.position_embedding.weight", text.positionEmbedding(), Role.EMBEDDING,
                Section.EMBEDDINGS, -1, t.contextLength(), t.width());
        textList.blocks("text_model.encoder.layers.", text.blocks(), t.width(), t.intermediate());
        textList.add("text_model.final_layer_norm.weight", text.finalNormGain(), Role.NORM_GAIN, Section.HEAD, -1, t.width());
        textList.add("text_model.final_layer_norm.bias", text.finalNormBias(), Role.NORM_BIAS, Section.HEAD, -1, t.width());
        textList.add("text_projection.weight", text.projection(), Role.WEIGHT, Section.HEAD, -1, p, t.width());
        Builder visionList = new Builder(list, Tower.VISION);
        int d = v.width();
        visionList.add("vision_model.embeddings.patch_embedding.weight", vision.patchWeight(), Role.WEIGHT,
                Section.EMBEDDINGS, -1, d, v.channels(), v.patchSize(), v.patchSize());
        visionList.add("vision_model.embeddings.class_embedding", vision.classEmbedding(), Role.EMBEDDING,
                Section.EMBEDDINGS, -1, d);
        visionList.add("vision_model.embeddings.position_embedding.weight", vision.positionEmbedding(), Role.EMBEDDING,
                Section.EMBEDDINGS, -1, v.rows(), d);
        visionList.add("vision_model.pre_layrnorm.weight", vision.preNormGain(), Role.NORM_GAIN, Section.EMBEDDINGS, -1, d);
        visionList.add("vision_model.pre_layrnorm.bias", vision.preNormBias(), Role.NORM_BIAS, Section.EMBEDDINGS, -1, d);
        visionList.blocks("vision_model.encoder.layers.", vision.blocks(), d, v.intermediate());
        visionList.add("vision_model.post_layernorm.weight", vision.postNormGain(), Role.NORM_GAIN, Section.HEAD, -1, d);
        visionList.add("vision_model.post_layernorm.bias", vision.postNormBias(), Role.NORM_BIAS, Section.HEAD, -1, d);
        visionList.add("visual_projection.weight", vision.projection(), Role.WEIGHT, Section.HEAD, -1, p, d);
        list.add(new ParameterTensor("logit_scale", logitScale, new long[] {1}, Role.LOGIT_SCALE, Tower.SHARED,
                Section.SCALE, -1));
        return List.copyOf(list);
    }

    /** SigLIP's arrays, named as in transformers' layout (Q/K/V fused as for CLIP). */
    static List<ParameterTensor> of(SiglipConfig config, TextWeights text, PatchEmbedding embedding,
                                    List<BlockWeights> visionBlocks, ProbePooling head, float[] logitScale,
                                    float[] logitBias) {
        List<ParameterTensor> list = new ArrayList<>();
        ClipConfig.Text t = config.text();
        ClipConfig.Vision v = config.vision();
        int d = t.width();
        Builder textList = new Builder(list, Tower.TEXT);
        textList.add("text_model.embeddings.token_embedding.weight", text.tokenEmbedding(), Role.EMBEDDING,
                Section.EMBEDDINGS, -1, t.vocabSize(), d);
        textList.add("text_model.embeddings.position_embedding.weight", text.positionEmbedding(), Role.EMBEDDING,
                Section.EMBEDDINGS, -1, t.contextLength(), d);
        textList.blocks("text_model.encoder.layers.", text.blocks(), d, t.intermediate());
        textList.add("text_model.final_layer_norm.weight", text.finalNormGain(), Role.NORM_GAIN, Section.HEAD, -1, d);
        textList.add("text_model.final_layer_norm.bias", text.finalNormBias(), Role.NORM_BIAS, Section.HEAD, -1, d);
        textList.add("text_model.head.weight", text.projection(), Role.WEIGHT, Section.HEAD, -1, d, d);
        textList.add("text_model.head.bias", text.projectionBias(), Role.BIAS, Section.HEAD, -1, d);
        Builder visionList = new Builder(list, Tower.VISION);
        int w = v.width();
        int i = v.intermediate();
        visionList.add("vision_model.embeddings.patch_embedding.weight", embedding.kernel(), Role.WEIGHT,
                Section.EMBEDDINGS, -1, w, v.channels(), v.patchSize(), v.patchSize());
        visionList.add("vision_model.embeddings.patch_embedding.bias", embedding.kernelBias(), Role.BIAS,
                Section.EMBEDDINGS, -1, w);
        visionList.add("vision_model.embeddings.position_embedding.weight", embedding.positions(), Role.EMBEDDING,
                Section.EMBEDDINGS, -1, (long) v.gridSize() * v.gridSize(), w);
        visionList.blocks("vision_model.encoder.layers.", visionBlocks, w, i);
        visionList.add("vision_model.post_layernorm.weight", head.postGain(), Role.NORM_GAIN, Section.HEAD, -1, w);
        visionList.add("vision_model.post_layernorm.bias", head.postBias(), Role.NORM_BIAS, Section.HEAD, -1, w);
        String h = "vision_model.head.";
        visionList.add(h + "probe", head.probe(), Role.EMBEDDING, Section.HEAD, -1, 1, 1, w);
        visionList.add(h + "attention.in_proj_weight", head.inWeight(), Role.WEIGHT, Section.HEAD, -1, 3L * w, w);
        visionList.add(h + "attention.in_proj_bias", head.inBias(), Role.BIAS, Section.HEAD, -1, 3L * w);
        visionList.add(h + "attention.out_proj.weight", head.outWeight(), Role.WEIGHT, Section.HEAD, -1, w, w);
        visionList.add(h + "attention.out_proj.bias", head.outBias(), Role.BIAS, Section.HEAD, -1, w);
        visionList.add(h + "layernorm.weight", head.normGain(), Role.NORM_GAIN, Section.HEAD, -1, w);
        visionList.add(h + "layernorm.bias", head.normBias(), Role.NORM_BIAS, Section.HEAD, -1, w);
        visionList.add(h + "mlp.fc1.weight", head.fc1Weight(), Role.WEIGHT, Section.HEAD, -1, i, w);
        visionList.add(h + "mlp.fc1.bias", head.fc1Bias(), Role.BIAS, Section.HEAD, -1, i);
        visionList.add(h + "mlp.fc2.weight", head.fc2Weight(), Role.WEIGHT, Section.HEAD, -1, w, i);
        visionList.add(h + "mlp.fc2.bias", head.fc2Bias(), Role.BIAS, Section.HEAD, -1, w);
        list.add(new ParameterTensor("logit_scale", logitScale, new long[] {1}, Role.LOGIT_SCALE, Tower.SHARED,
                Section.SCALE, -1));
        list.add(new ParameterTensor("logit_bias", logitBias, new long[] {1}, Role.LOGIT_BIAS, Tower.SHARED,
                Section.SCALE, -1));
        return List.copyOf(list);
    }

    private record Builder(List<ParameterTensor> list, Tower tower) {

        void add(String name, float[] values, Role role, Section section, int block, long... shape) {
            long count = 1;
            for (long dimension : shape) {
                count = Math.multiplyExact(count, dimension);
            }
            if (count != values.length) {
                throw new IllegalArgumentException(name + " holds " + values.length + " values, its shape " + count);
            }
            list.add(new ParameterTensor(name, values, shape, role, tower, section, block));
        }

        void blocks(String prefix, List<BlockWeights> blocks, int d, int i) {
            for (int b = 0; b < blocks.size(); b++) {
                BlockWeights w = blocks.get(b);
                String n = prefix + b + ".";
                add(n + "layer_norm1.weight", w.norm1Gain(), Role.NORM_GAIN, Section.BLOCK, b, d);
                add(n + "layer_norm1.bias", w.norm1Bias(), Role.NORM_BIAS, Section.BLOCK, b, d);
                add(n + "self_attn.qkv_proj.weight", w.qkvWeight(), Role.WEIGHT, Section.BLOCK, b, 3L * d, d);
                add(n + "self_attn.qkv_proj.bias", w.qkvBias(), Role.BIAS, Section.BLOCK, b, 3L * d);
                add(n + "self_attn.out_proj.weight", w.outWeight(), Role.WEIGHT, Section.BLOCK, b, d, d);
                add(n + "self_attn.out_proj.bias", w.outBias(), Role.BIAS, Section.BLOCK, b, d);
                add(n + "layer_norm2.weight", w.norm2Gain(), Role.NORM_GAIN, Section.BLOCK, b, d);
                add(n + "layer_norm2.bias", w.norm2Bias(), Role.NORM_BIAS, Section.BLOCK, b, d);
                add(n + "mlp.fc1.weight", w.fc1Weight(), Role.WEIGHT, Section.BLOCK, b, i, d);
                add(n + "mlp.fc1.bias", w.fc1Bias(), Role.BIAS, Section.BLOCK, b, i);
                add(n + "mlp.fc2.weight", w.fc2Weight(), Role.WEIGHT, Section.BLOCK, b, d, i);
                add(n + "mlp.fc2.bias", w.fc2Bias(), Role.BIAS, Section.BLOCK, b, d);
            }
        }
    }
}
