/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.model;

import dev.duet.model.layer.BlockWeights;
import dev.duet.model.layer.PatchEmbedding;
import dev.duet.model.layer.ProjectionHead;
import dev.duet.model.layer.Readout;
import dev.duet.model.layer.TransformerBlock;
import dev.duet.tensor.Parallel;

import java.util.List;

/**
 * A vision transformer as a list of layers: {@link PatchEmbedding}, {@link TransformerBlock}s, a
 * {@link Readout}. CLIP's: patches, CLS, positions and {@code pre_layrnorm}, then the CLS row
 * through {@code post_layernorm} and the projection. SigLIP's: patches (with bias) and positions
 * only, then the probe's attention pooling over every row.
 *
 * @param config    the tower's sizes and activation
 * @param embedding the patch embedding: the state at cut 0
 * @param blocks    the blocks in order; cuts are 0..blocks().size()
 * @param readout   how the last state becomes the embedding
 */
public record VisionEncoder(ClipConfig.Vision config, PatchEmbedding embedding, List<TransformerBlock> blocks,
                            Readout readout) implements ImageTower {

    /** CLIP's tower from its weights. */
    public VisionEncoder(ClipConfig.Vision config, VisionWeights weights, int projectionDim) {
        this(config, new PatchEmbedding(weights.patchWeight(), null, weights.classEmbedding(), weights.positionEmbedding(),
                        weights.preNormGain(), weights.preNormBias(), config.patchSize(), config.imageSize(),
                        config.width(), config.layerNormEps()),
                stack(config, weights.blocks()),
                new Readout.PooledProjection(new ProjectionHead(weights.postNormGain(), weights.postNormBias(),
                        weights.projection(), null, config.width(), projectionDim, config.layerNormEps()), 0));
    }

    /** The blocks of a tower of {@code config} over their weights (shared, not copied). */
    public static List<TransformerBlock> stack(ClipConfig.Vision config, List<BlockWeights> weights) {
        return TransformerBlock.stack(weights, config.width(), config.intermediate(), config.heads(), false,
                config.activation(), config.layerNormEps());
    }

    /** CLIP's head (post_layernorm and projection); a tower with another readout has none. */
    public ProjectionHead head() {
        if (readout instanceof Readout.PooledProjection pooled) {
            return pooled.head();
        }
        throw new IllegalStateException("this tower reads out through " + readout.getClass().getSimpleName()
                + ", not a projection head");
    }

    /** Rows of the state: the class row (CLIP's) and the patches. */
    public int rows() {
        return embedding.rows();
    }

    @Override
    public int projectionDim() {
        return readout.projectionDim();
    }

    @Override
    public int imageSize() {
        return config.imageSize();
    }

    /** Cut l is the input of block l; L, after the last block, is allowed too. */
    @Override
    public int lastCut() {
        return blocks.size();
    }

    /** The last block's input: the cut of the paper's figures. */
    @Override
    public int defaultCut() {
        return blocks.size() - 1;
    }

    @Override
    public Cut cut(int layer) {
        return new Cut(rows(), config.width(), config.gridSize(), config.gridSize(), rows() > config.gridSize()
                * config.gridSize(), config.patchSize());
    }

    /** The state [R][D] entering block {@code layer} (0 = the patch embedding's output) of one CHW image. */
    @Override
    public float[] hiddenState(Parallel parallel, float[] pixels, int layer) {
        TextEncoder.checkLayer(layer, blocks.size());
        float[] x = embedding.forward(parallel, List.of(pixels), false).output();
        TransformerBlock.forwardAll(blocks.subList(0, layer), parallel, x, 1, rows());
        return x;
    }

    @Override
    public float[][] encode(Parallel parallel, List<float[]> images) {
        int batch = images.size();
        int rows = rows();
        int d = config.width();
        float[] x = embedding.forward(parallel, images, false).output();
        int from = readout.queryFrom(rows);
        int count = readout.queryCount(rows);
        TransformerBlock.forwardAll(blocks, parallel, x, batch, rows, from, count);
        float[][] embeddings = new float[batch][];
        for (int b = 0; b < batch; b++) {
            float[] read = java.util.Arrays.copyOfRange(x, (b * rows + from) * d, (b * rows + from + count) * d);
            embeddings[b] = readout.forward(parallel, read, count).embedding();
        }
        return embeddings;
    }
}
