package dev.duet.model;

import dev.duet.model.layer.BlockWeights;
import dev.duet.model.layer.PatchEmbedding;
import dev.duet.model.layer.ProjectionHead;
import dev.duet.model.layer.TransformerBlock;
import dev.duet.tensor.Parallel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * CLIP's vision tower as a list of layers: {@link PatchEmbedding} (patches, CLS, positions,
 * {@code pre_layrnorm}), {@link TransformerBlock}s, pooling at the CLS row 0,
 * {@link ProjectionHead} ({@code post_layernorm} and projection).
 */
public final class VisionEncoder implements ImageTower {

    private final ClipConfig.Vision config;
    private final VisionWeights weights;
    private final PatchEmbedding embedding;
    private final List<TransformerBlock> blocks;
    private final ProjectionHead head;

    public VisionEncoder(ClipConfig.Vision config, VisionWeights weights, int projectionDim) {
        this.config = config;
        this.weights = weights;
        this.embedding = new PatchEmbedding(weights.patchWeight(), null, weights.classEmbedding(), weights.positionEmbedding(),
                weights.preNormGain(), weights.preNormBias(), config.patchSize(), config.imageSize(), config.width(),
                config.layerNormEps());
        List<TransformerBlock> list = new ArrayList<>();
        for (BlockWeights block : weights.blocks()) {
            list.add(new TransformerBlock(block, config.width(), config.intermediate(), config.heads(), false,
                    config.activation(), config.layerNormEps()));
        }
        this.blocks = List.copyOf(list);
        this.head = new ProjectionHead(weights.postNormGain(), weights.postNormBias(), weights.projection(), null,
                config.width(), projectionDim, config.layerNormEps());
    }

    public ClipConfig.Vision config() {
        return config;
    }

    public VisionWeights weights() {
        return weights;
    }

    public PatchEmbedding embedding() {
        return embedding;
    }

    public List<TransformerBlock> blocks() {
        return blocks;
    }

    public ProjectionHead head() {
        return head;
    }

    @Override
    public int projectionDim() {
        return head.projectionDim();
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
        return new Cut(config.rows(), config.width(), config.gridSize(), config.gridSize(), true, config.patchSize());
    }

    /** The state [R][D] entering block {@code layer} (0 = after {@code pre_layrnorm}) of one CHW image. */
    @Override
    public float[] hiddenState(Parallel parallel, float[] pixels, int layer) {
        TextEncoder.checkLayer(layer, blocks.size());
        float[] x = embedding.forward(parallel, List.of(pixels), false).output();
        TransformerBlock.forwardAll(blocks.subList(0, layer), parallel, x, 1, config.rows());
        return x;
    }

    @Override
    public float[][] encode(Parallel parallel, List<float[]> images) {
        int batch = images.size();
        int rows = config.rows();
        int d = config.width();
        float[] x = embedding.forward(parallel, images, false).output();
        TransformerBlock.forwardAll(blocks, parallel, x, batch, rows);
        float[][] embeddings = new float[batch][];
        for (int b = 0; b < batch; b++) {
            embeddings[b] = head.embed(Arrays.copyOfRange(x, b * rows * d, b * rows * d + d));
        }
        return embeddings;
    }
}
