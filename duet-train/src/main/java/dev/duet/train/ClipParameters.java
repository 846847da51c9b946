/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.train;

import dev.duet.model.ClipConfig;
import dev.duet.model.ClipWeights;
import dev.duet.model.TextWeights;
import dev.duet.model.VisionEncoder;
import dev.duet.model.VisionWeights;

import dev.duet.model.HuggingFaceWriter;
import dev.duet.model.safetensors.DType;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The trainable state of a CLIP dual encoder: its own copy of every weight array (updated in
 * place by the optimiser) and the logit scale, which {@link ClipWeights} holds as an immutable float.
 */
public final class ClipParameters implements ModelParameters {

    private final ClipConfig config;
    private final TextWeights text;
    private final VisionWeights vision;
    private final float[] logitScale;   // [1]: log of the multiplier of the cosines
    private final List<ParameterTensor> tensors;

    private ClipParameters(ClipConfig config, TextWeights text, VisionWeights vision, float logitScale) {
        this.config = config;
        this.text = text;
        this.vision = vision;
        this.logitScale = new float[] {logitScale};
        this.tensors = ParameterList.of(config, text, vision, this.logitScale);
    }

    /** A deep copy of {@code weights}, which are left untouched by training. */
    public static ClipParameters copyOf(ClipConfig config, ClipWeights weights) {
        return new ClipParameters(config, WeightArrays.copy(weights.text()), WeightArrays.copy(weights.vision()),
                weights.logitScale());
    }

    static ClipParameters zeros(ClipConfig config) {
        return new ClipParameters(config, WeightArrays.zeroText(config), WeightArrays.zeroVision(config), 0f);
    }

    /** CLIP clamps the learnable temperature so logits are at most 100 times the cosines. */
    private static final float MAX_LOGIT_SCALE = (float) Math.log(100);

    @Override
    public ClipParameters copy() {
        return copyOf(config, weights());
    }

    @Override
    public ClipConfig.Text textConfig() {
        return config.text();
    }

    @Override
    public ClipConfig.Vision visionConfig() {
        return config.vision();
    }

    @Override
    public VisionEncoder visionEncoder() {
        return new VisionEncoder(config.vision(), vision, config.projectionDim());
    }

    @Override
    public int projectionDim() {
        return config.projectionDim();
    }

    @Override
    public float maxLogitScale() {
        return MAX_LOGIT_SCALE;
    }

    @Override
    public void write(Path directory, Map<String, String> metadata) throws IOException {
        HuggingFaceWriter.write(directory, config, weights(), DType.F32, metadata);
    }

    @Override
    public ModelGradients zeroGradients() {
        return new ModelGradients(zeros(config));
    }

    public ClipConfig config() {
        return config;
    }

    @Override
    public TextWeights text() {
        return text;
    }

    public VisionWeights vision() {
        return vision;
    }

    @Override
    public float logitScale() {
        return logitScale[0];
    }

    float[] logitScaleArray() {
        return logitScale;
    }

    /** A view for the inference encoders and the checkpoint writer; it shares the arrays. */
    public ClipWeights weights() {
        return new ClipWeights(text, vision, logitScale[0]);
    }

    @Override
    public List<ParameterTensor> tensors() {
        return tensors;
    }
}
