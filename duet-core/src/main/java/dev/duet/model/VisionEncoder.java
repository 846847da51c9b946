package dev.duet.model;

import dev.duet.tensor.LayerNorm;
import dev.duet.tensor.Linear;
import dev.duet.tensor.Parallel;

import java.util.ArrayList;
import java.util.List;

/**
 * CLIP's vision tower: stride-p patch convolution (as one product), CLS, positions,
 * {@code pre_layrnorm}, pre-LN blocks, {@code post_layernorm} on CLS, projection.
 */
public final class VisionEncoder {

    private final ClipConfig.Vision config;
    private final VisionWeights weights;
    private final int projectionDim;
    private final List<TransformerBlock> blocks;

    public VisionEncoder(ClipConfig.Vision config, VisionWeights weights, int projectionDim) {
        this.config = config;
        this.weights = weights;
        this.projectionDim = projectionDim;
        List<TransformerBlock> list = new ArrayList<>();
        for (BlockWeights block : weights.blocks()) {
            list.add(new TransformerBlock(block, config.width(), config.intermediate(), config.heads(), false,
                    config.activation(), config.layerNormEps()));
        }
        this.blocks = List.copyOf(list);
    }

    public ClipConfig.Vision config() {
        return config;
    }

    public VisionWeights weights() {
        return weights;
    }

    public List<TransformerBlock> blocks() {
        return blocks;
    }

    public int projectionDim() {
        return projectionDim;
    }

    /** Embedding output after {@code pre_layrnorm} for a batch of CHW images: [B][R][D]. */
    public float[] embed(Parallel parallel, List<float[]> images) {
        int batch = images.size();
        int p = config.patchSize();
        int grid = config.gridSize();
        int size = config.imageSize();
        int patches = grid * grid;
        int kernel = 3 * p * p;
        int d = config.width();
        int rows = config.rows();
        // [B * patches][3 * p * p]: each patch flattened channel-major, as the conv kernel is
        float[] unfolded = new float[batch * patches * kernel];
        for (int b = 0; b < batch; b++) {
            float[] image = images.get(b);
            if (image.length != 3 * size * size) {
                throw new IllegalArgumentException("image tensor has " + image.length + " values, expected 3x" + size + "x" + size);
            }
            for (int gy = 0; gy < grid; gy++) {
                for (int gx = 0; gx < grid; gx++) {
                    int base = ((b * patches) + gy * grid + gx) * kernel;
                    for (int c = 0; c < 3; c++) {
                        for (int y = 0; y < p; y++) {
                            System.arraycopy(image, (c * size + gy * p + y) * size + gx * p,
                                    unfolded, base + (c * p + y) * p, p);
                        }
                    }
                }
            }
        }
        float[] patchStates = new float[batch * patches * d];
        Linear.forward(parallel, patchStates, unfolded, weights.patchWeight(), null, batch * patches, kernel, d);
        float[] x = new float[batch * rows * d];
        float[] positions = weights.positionEmbedding();
        for (int b = 0; b < batch; b++) {
            int base = b * rows * d;
            for (int i = 0; i < d; i++) {
                x[base + i] = weights.classEmbedding()[i] + positions[i];
            }
            for (int r = 1; r < rows; r++) {
                int from = (b * patches + r - 1) * d;
                for (int i = 0; i < d; i++) {
                    x[base + r * d + i] = patchStates[from + i] + positions[r * d + i];
                }
            }
        }
        LayerNorm.forward(parallel, x, x, weights.preNormGain(), weights.preNormBias(), batch * rows, d, config.layerNormEps(), null, null);
        return x;
    }

    /** The state [R][D] entering block {@code layer} (0 = after {@code pre_layrnorm}) of one CHW image. */
    public float[] hiddenState(Parallel parallel, float[] pixels, int layer) {
        TextEncoder.checkLayer(layer, blocks.size());
        float[] x = embed(parallel, List.of(pixels));
        TransformerBlock.forwardAll(blocks.subList(0, layer), parallel, x, 1, config.rows());
        return x;
    }

    /** Projected (unnormalised) embeddings [B][P] of a batch of CHW images. */
    public float[][] encode(Parallel parallel, List<float[]> images) {
        int batch = images.size();
        int rows = config.rows();
        int d = config.width();
        float[] x = embed(parallel, images);
        TransformerBlock.forwardAll(blocks, parallel, x, batch, rows);
        float[][] embeddings = new float[batch][];
        for (int b = 0; b < batch; b++) {
            float[] cls = new float[d];
            System.arraycopy(x, b * rows * d, cls, 0, d);
            embeddings[b] = head(cls);
        }
        return embeddings;
    }

    /** {@code post_layernorm} and projection of one CLS state [D] -> [P]. */
    public float[] head(float[] clsState) {
        int d = config.width();
        float[] normalized = new float[d];
        LayerNorm.forward(normalized, clsState, weights.postNormGain(), weights.postNormBias(), 1, d,
                config.layerNormEps(), null, null);
        float[] embedding = new float[projectionDim];
        Linear.forward(Parallel.serial(), embedding, normalized, weights.projection(), null, 1, d, projectionDim);
        return embedding;
    }
}
