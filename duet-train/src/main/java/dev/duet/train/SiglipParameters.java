/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.train;

import dev.duet.model.ClipConfig;
import dev.duet.model.Score;
import dev.duet.model.SiglipConfig;
import dev.duet.model.SiglipTowers;
import dev.duet.model.TextEncoder;
import dev.duet.model.TextWeights;
import dev.duet.model.VisionEncoder;
import dev.duet.model.layer.BlockWeights;
import dev.duet.model.layer.PatchEmbedding;
import dev.duet.model.layer.ProbePooling;
import dev.duet.model.layer.Readout;
import dev.duet.model.layer.TransformerBlock;

import dev.duet.model.SiglipWriter;
import dev.duet.model.safetensors.DType;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The trainable state of a SigLIP dual encoder: its own copy of every array of the two towers
 * (the text tower's {@link TextWeights} with the head's bias; the image tower's patch
 * embedding with its kernel bias, blocks and probe pooling, held as those layers, whose records
 * carry the arrays), the logit scale and the logit bias, which {@link Score.Sigmoid} holds as
 * immutable floats.
 */
public final class SiglipParameters implements ModelParameters {

    private final SiglipConfig config;
    private final TextWeights text;
    private final PatchEmbedding embedding;
    private final List<BlockWeights> visionBlocks;
    private final ProbePooling head;
    private final float[] logitScale;   // [1]: log of the multiplier of the cosines
    private final float[] logitBias;    // [1]
    private final List<ParameterTensor> tensors;

    private SiglipParameters(SiglipConfig config, TextWeights text, PatchEmbedding embedding,
                             List<BlockWeights> visionBlocks, ProbePooling head, float logitScale, float logitBias) {
        this.config = config;
        this.text = text;
        this.embedding = embedding;
        this.visionBlocks = List.copyOf(visionBlocks);
        this.head = head;
        this.logitScale = new float[] {logitScale};
        this.logitBias = new float[] {logitBias};
        this.tensors = ParameterList.of(config, text, embedding, this.visionBlocks, head, this.logitScale,
                this.logitBias);
    }

    /** A deep copy of {@code towers}, which are left untouched by training. */
    public static SiglipParameters copyOf(SiglipConfig config, SiglipTowers towers) {
        VisionEncoder vision = towers.vision();
        if (!(vision.readout() instanceof Readout.ProbeReadout(ProbePooling probe))) {
            throw new IllegalArgumentException("a SigLIP image tower reads out by its probe");
        }
        List<BlockWeights> blocks = WeightArrays.copy(vision.blocks().stream().map(TransformerBlock::weights).toList());
        return new SiglipParameters(config, WeightArrays.copy(towers.text().weights()),
                vision.embedding().map(float[]::clone), blocks, probe.map(float[]::clone), towers.score().logitScale(),
                towers.score().logitBias());
    }

    /** The same shapes, all zero: the arrays of {@link ModelGradients}. */
    static SiglipParameters zeros(SiglipParameters like) {
        UnaryOperator<float[]> zeros = values -> new float[values.length];
        ClipConfig.Vision v = like.config.vision();
        return new SiglipParameters(like.config, WeightArrays.zeroText(like.config.text(), like.projectionDim(), true),
                like.embedding.map(zeros), WeightArrays.zeroBlocks(v.layers(), v.width(), v.intermediate()),
                like.head.map(zeros), 0f, 0f);
    }

    @Override
    public SiglipParameters copy() {
        return copyOf(config, towers());
    }

    /** The towers and score over these arrays, for the inference encoders and the checkpoint writer. */
    public SiglipTowers towers() {
        return new SiglipTowers(new TextEncoder(config.text(), text, projectionDim()), visionEncoder(),
                new Score.Sigmoid(logitScale[0], logitBias[0]));
    }

    public SiglipConfig config() {
        return config;
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
    public TextWeights text() {
        return text;
    }

    @Override
    public VisionEncoder visionEncoder() {
        return new VisionEncoder(config.vision(), embedding, VisionEncoder.stack(config.vision(), visionBlocks),
                new Readout.ProbeReadout(head));
    }

    /** Both embeddings have the towers' width: SigLIP has no projection to another size. */
    @Override
    public int projectionDim() {
        return config.text().width();
    }

    @Override
    public float logitScale() {
        return logitScale[0];
    }

    public float logitBias() {
        return logitBias[0];
    }

    float[] logitBiasArray() {
        return logitBias;
    }

    float[] logitScaleArray() {
        return logitScale;
    }

    /** SigLIP learns t = exp(logit_scale) without a clamp (Zhai et al. 2023; its checkpoints hold about log 117). */
    @Override
    public float maxLogitScale() {
        return Float.MAX_VALUE;
    }

    @Override
    public List<ParameterTensor> tensors() {
        return tensors;
    }

    @Override
    public void write(Path directory, Map<String, String> metadata) throws IOException {
        SiglipWriter.write(directory, config, towers(), DType.F32, metadata);
    }

    @Override
    public ModelGradients zeroGradients() {
        return new ModelGradients(zeros(this));
    }
}
