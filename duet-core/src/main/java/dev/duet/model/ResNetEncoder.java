/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.model;

import dev.duet.model.layer.AttentionPool;
import dev.duet.model.layer.Bottleneck;
import dev.duet.model.layer.ResNetStem;
import dev.duet.model.safetensors.TensorSource;
import dev.duet.tensor.Parallel;

import java.util.ArrayList;
import java.util.List;

/**
 * CLIP's ResNet image tower as a list of layers: {@link ResNetStem}, four stages of
 * {@link Bottleneck}s (the first of stages 2-4 with stride 2), {@link AttentionPool}. States are
 * channel-last maps [H][W][C]: the rows of an explanation's cut are the map's positions.
 */
public record ResNetEncoder(ResNetConfig config, ResNetStem stem, List<Bottleneck> blocks, AttentionPool pool)
        implements ImageTower {

    /** The bottlenecks run stage after stage: as many as the config's stages list. */
    public ResNetEncoder {
        int expected = 0;
        for (int stageBlocks : config.layers()) {
            expected += stageBlocks;
        }
        if (blocks.size() != expected) {
            throw new IllegalArgumentException(blocks.size() + " bottlenecks for a config of " + expected);
        }
    }

    public ResNetEncoder(ResNetConfig config, ResNetWeights weights) {
        this(config, weights.stem(), weights.blocks(), weights.pool());
    }

    /** The tower stored in open_clip's layout ({@code visual.*} keys) of {@code file}, shapes checked against {@code config}. */
    public static ResNetEncoder fromOpenClip(TensorSource file, ResNetConfig config) {
        return new ResNetEncoder(config, OpenClipLayout.readResNet(file, config));
    }

    @Override
    public int imageSize() {
        return config.imageSize();
    }

    @Override
    public int projectionDim() {
        return config.outputDim();
    }

    /** Cut l is the map after stage l: 0 the stem, 4 the last map, which the attention pool reads. */
    @Override
    public int lastCut() {
        return 4;
    }

    /** The last map, as the transformer's default is its last block's input. */
    @Override
    public int defaultCut() {
        return 4;
    }

    @Override
    public Cut cut(int layer) {
        int side = config.mapSize(layer);
        return new Cut(side * side, config.channels(layer), side, side, false, config.imageSize() / side);
    }

    /** The map [H*W][C] after stage {@code layer}, channel-last. */
    @Override
    public float[] hiddenState(Parallel parallel, float[] pixels, int layer) {
        return stageOutput(parallel, pixels, layer);
    }

    @Override
    public float[][] encode(Parallel parallel, List<float[]> images) {
        int batch = images.size();
        float[] x = through(parallel, images, blocks.size());
        int side = config.mapSize(4);
        float[] embeddings = pool.forward(parallel, x, batch, side * side).embeddings();
        float[][] rows = new float[batch][];
        for (int b = 0; b < batch; b++) {
            rows[b] = java.util.Arrays.copyOfRange(embeddings, b * config.outputDim(), (b + 1) * config.outputDim());
        }
        return rows;
    }

    /**
     * The map [H][W][C] after stage {@code stage} (0 = the stem, 1..4 = layer1..layer4) of one CHW
     * image, channel-last.
     */
    public float[] stageOutput(Parallel parallel, float[] pixels, int stage) {
        if (stage < 0 || stage > 4) {
            throw new IllegalArgumentException("stage " + stage + " is outside 0..4");
        }
        int count = 0;
        for (int s = 0; s < stage; s++) {
            count += config.layers()[s];
        }
        return through(parallel, List.of(pixels), count);
    }

    /** The stem and the first {@code count} bottlenecks on a batch of images. */
    private float[] through(Parallel parallel, List<float[]> images, int count) {
        float[] x = stem.forward(parallel, images).output();
        int side = stem.outSize();
        List<Bottleneck> used = new ArrayList<>(blocks.subList(0, count));
        for (Bottleneck block : used) {
            x = block.forward(parallel, x, images.size(), side, side).output();
            side /= block.stride();
        }
        return x;
    }
}
