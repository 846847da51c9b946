package dev.duet.model;

import dev.duet.model.layer.BlockWeights;
import dev.duet.model.layer.PatchEmbedding;
import dev.duet.model.layer.ProbePooling;
import dev.duet.model.layer.TransformerBlock;
import dev.duet.tensor.Parallel;

import java.util.ArrayList;
import java.util.List;

/**
 * SigLIP's image tower as a list of layers: {@link PatchEmbedding} (convolution with bias, no
 * class row, no LayerNorm), {@link TransformerBlock}s, {@link ProbePooling} ({@code post_layernorm}
 * and the attention-pooling head). Rows: the N = grid^2 patches. Its embedding has the width D
 * (SigLIP has no projection).
 */
public final class SiglipVisionEncoder implements ImageTower {

    private final ClipConfig.Vision config;
    private final PatchEmbedding embedding;
    private final List<TransformerBlock> blocks;
    private final ProbePooling head;

    public SiglipVisionEncoder(ClipConfig.Vision config, PatchEmbedding embedding, List<BlockWeights> blocks,
                               ProbePooling head) {
        this.config = config;
        this.embedding = embedding;
        List<TransformerBlock> list = new ArrayList<>();
        for (BlockWeights block : blocks) {
            list.add(new TransformerBlock(block, config.width(), config.intermediate(), config.heads(), false,
                    config.activation(), config.layerNormEps()));
        }
        this.blocks = List.copyOf(list);
        this.head = head;
    }

    public List<TransformerBlock> blocks() {
        return blocks;
    }

    public ProbePooling head() {
        return head;
    }

    /** N = grid^2 patches, no class row. */
    public int rows() {
        return embedding.rows();
    }

    @Override
    public int imageSize() {
        return config.imageSize();
    }

    @Override
    public int projectionDim() {
        return config.width();
    }

    @Override
    public int lastCut() {
        return blocks.size();
    }

    @Override
    public int defaultCut() {
        return blocks.size() - 1;
    }

    @Override
    public Cut cut(int layer) {
        return new Cut(rows(), config.width(), config.gridSize(), config.gridSize(), false, config.patchSize());
    }

    /** The state [N][D] entering block {@code layer} of one CHW image. */
    @Override
    public float[] hiddenState(Parallel parallel, float[] pixels, int layer) {
        TextEncoder.checkLayer(layer, blocks.size());
        float[] x = embedding.forward(parallel, List.of(pixels), false).output();
        TransformerBlock.forwardAll(blocks.subList(0, layer), parallel, x, 1, rows());
        return x;
    }

    /** Embeddings [B][D] (unnormalised) of a batch of CHW images. */
    @Override
    public float[][] encode(Parallel parallel, List<float[]> images) {
        int batch = images.size();
        float[] x = embedding.forward(parallel, images, false).output();
        TransformerBlock.forwardAll(blocks, parallel, x, batch, rows());
        float[] embeddings = head.forward(parallel, x, batch, rows()).embeddings();
        float[][] result = new float[batch][];
        int d = config.width();
        for (int b = 0; b < batch; b++) {
            result[b] = java.util.Arrays.copyOfRange(embeddings, b * d, (b + 1) * d);
        }
        return result;
    }
}
