/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.model;

import dev.duet.model.layer.EfficientNetStem;
import dev.duet.model.layer.MBConv;
import dev.duet.tensor.AveragePool;
import dev.duet.tensor.Parallel;

import java.util.Arrays;
import java.util.List;

/**
 * ALIGN's EfficientNet image tower as a list of layers: {@link EfficientNetStem}, the
 * {@link MBConv} blocks stage after stage, and global average pooling (ALIGN's image embedding
 * is the pooled last map, without a projection). States are channel-last maps [H][W][C]: the rows
 * of an explanation's cut are the map's positions.
 */
public final class EfficientNetEncoder implements ImageTower {

    private final EfficientNetConfig config;
    private final EfficientNetStem stem;
    private final List<MBConv> blocks;   // stage after stage

    public EfficientNetEncoder(EfficientNetConfig config, EfficientNetStem stem, List<MBConv> blocks) {
        if (blocks.size() != config.firstBlock(config.stages())) {
            throw new IllegalArgumentException(blocks.size() + " blocks for a config of "
                    + config.firstBlock(config.stages()));
        }
        this.config = config;
        this.stem = stem;
        this.blocks = List.copyOf(blocks);
    }

    public EfficientNetConfig config() {
        return config;
    }

    public List<MBConv> blocks() {
        return blocks;
    }

    @Override
    public int imageSize() {
        return config.imageSize();
    }

    @Override
    public int projectionDim() {
        return config.embeddingDim();
    }

    /** Cut l is the map after stage l: 0 the stem, {@code stages()} the last map, which the pooling reads. */
    @Override
    public int lastCut() {
        return config.stages();
    }

    @Override
    public int defaultCut() {
        return config.stages();
    }

    @Override
    public Cut cut(int layer) {
        if (layer < 0 || layer > config.stages()) {
            throw new IllegalArgumentException("stage " + layer + " is outside 0.." + config.stages());
        }
        int side = config.mapSize(layer);
        return new Cut(side * side, config.channels(layer), side, side, false, Math.max(1, config.imageSize() / side));
    }

    /** The map [H*W][C] after stage {@code layer} (0 = the stem) of one CHW image, channel-last. */
    @Override
    public float[] hiddenState(Parallel parallel, float[] pixels, int layer) {
        cut(layer);
        return through(parallel, List.of(pixels), config.firstBlock(layer));
    }

    /** The map [H][W][C] after the stem (0) and the first {@code count} blocks of one CHW image. */
    public float[] afterBlocks(Parallel parallel, float[] pixels, int count) {
        if (count < 0 || count > blocks.size()) {
            throw new IllegalArgumentException("block count " + count + " is outside 0.." + blocks.size());
        }
        return through(parallel, List.of(pixels), count);
    }

    /** Pooled embeddings [B][C]: the mean of the last map over its positions. */
    @Override
    public float[][] encode(Parallel parallel, List<float[]> images) {
        int batch = images.size();
        float[] x = through(parallel, images, blocks.size());
        int side = config.mapSize(config.stages());
        int dim = projectionDim();
        float[] pooled = new float[batch * dim];
        AveragePool.global(pooled, x, batch, side * side, dim);
        float[][] rows = new float[batch][];
        for (int b = 0; b < batch; b++) {
            rows[b] = Arrays.copyOfRange(pooled, b * dim, (b + 1) * dim);
        }
        return rows;
    }

    private float[] through(Parallel parallel, List<float[]> images, int count) {
        float[] x = stem.forward(parallel, images);
        int side = stem.outSize();
        for (MBConv block : blocks.subList(0, count)) {
            x = block.forward(parallel, x, images.size(), side, side).output();
            side = block.outSize(side);
        }
        return x;
    }
}
