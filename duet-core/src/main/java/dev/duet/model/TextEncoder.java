package dev.duet.model;

import dev.duet.BadInputException;
import dev.duet.tensor.LayerNorm;
import dev.duet.tensor.Linear;
import dev.duet.tensor.Parallel;

import java.util.ArrayList;
import java.util.List;

/**
 * CLIP's text tower: token + position embeddings, causal pre-LN blocks, final LayerNorm on the
 * pooled row, projection. Rows after the pooled row never reach it (causal mask), so they are
 * dropped before the first block.
 */
public final class TextEncoder {

    private final ClipConfig.Text config;
    private final TextWeights weights;
    private final int projectionDim;
    private final List<TransformerBlock> blocks;

    public TextEncoder(ClipConfig.Text config, TextWeights weights, int projectionDim) {
        this.config = config;
        this.weights = weights;
        this.projectionDim = projectionDim;
        List<TransformerBlock> list = new ArrayList<>();
        for (BlockWeights block : weights.blocks()) {
            list.add(new TransformerBlock(block, config.width(), config.intermediate(), config.heads(), true,
                    config.activation(), config.layerNormEps()));
        }
        this.blocks = List.copyOf(list);
    }

    public ClipConfig.Text config() {
        return config;
    }

    public TextWeights weights() {
        return weights;
    }

    public List<TransformerBlock> blocks() {
        return blocks;
    }

    public int projectionDim() {
        return projectionDim;
    }

    /** The row whose final state becomes the embedding, by the config's pooling rule. */
    public int pooledRow(int[] ids) {
        if (ids.length == 0) {
            throw new IllegalArgumentException("empty token sequence");
        }
        int best = 0;
        for (int i = 0; i < ids.length; i++) {
            switch (config.pooling()) {
                case FIRST_EOS -> {
                    if (ids[i] == config.eosTokenId()) {
                        return i;
                    }
                    best = i;
                }
                case ARGMAX_ID -> {
                    if (ids[i] > ids[best]) {
                        best = i;
                    }
                }
            }
        }
        return best;
    }

    /** Embedding output for ids[0..rows): [rows][D]. */
    public float[] embed(int[] ids, int rows) {
        if (rows > ids.length) {
            int[] padded = new int[rows];
            System.arraycopy(ids, 0, padded, 0, ids.length);
            ids = padded;
        }
        int d = config.width();
        if (rows > config.contextLength()) {
            throw new BadInputException(null, rows + " tokens exceed the model's context of " + config.contextLength());
        }
        float[] x = new float[rows * d];
        for (int r = 0; r < rows; r++) {
            int id = ids[r];
            if (id < 0 || id >= config.vocabSize()) {
                throw new BadInputException(null, "token id " + id + " is outside the model's vocabulary of " + config.vocabSize());
            }
            for (int i = 0; i < d; i++) {
                x[r * d + i] = weights.tokenEmbedding()[id * d + i] + weights.positionEmbedding()[r * d + i];
            }
        }
        return x;
    }

    /** The state [rows][D] entering block {@code layer} (0 = embedding output) for ids[0..rows). */
    public float[] hiddenState(Parallel parallel, int[] ids, int rows, int layer) {
        checkLayer(layer, blocks.size());
        float[] x = embed(ids, rows);
        TransformerBlock.forwardAll(blocks.subList(0, layer), parallel, x, 1, rows);
        return x;
    }

    static void checkLayer(int layer, int layers) {
        if (layer < 0 || layer > layers) {
            throw new BadInputException(null, "layer " + layer + " is outside 0.." + layers + " (the input of a block, or "
                    + layers + " = after the last block)");
        }
    }

    /** Projected (unnormalised) embeddings [B][P] of a batch of token sequences. */
    public float[][] encode(Parallel parallel, List<int[]> sequences) {
        int batch = sequences.size();
        int rows = 0;
        int[] pooled = new int[batch];
        for (int b = 0; b < batch; b++) {
            pooled[b] = pooledRow(sequences.get(b));
            rows = Math.max(rows, pooled[b] + 1);
        }
        int d = config.width();
        float[] x = new float[batch * rows * d];
        for (int b = 0; b < batch; b++) {
            int[] ids = sequences.get(b);
            int length = Math.min(rows, ids.length);
            int[] padded = new int[rows];
            System.arraycopy(ids, 0, padded, 0, length);
            System.arraycopy(embed(padded, rows), 0, x, b * rows * d, rows * d);
        }
        TransformerBlock.forwardAll(blocks, parallel, x, batch, rows);
        float[][] embeddings = new float[batch][];
        for (int b = 0; b < batch; b++) {
            float[] row = new float[d];
            System.arraycopy(x, (b * rows + pooled[b]) * d, row, 0, d);
            embeddings[b] = head(row);
        }
        return embeddings;
    }

    /** Final LayerNorm and projection of one pooled row [D] -> [P]. */
    public float[] head(float[] pooledState) {
        int d = config.width();
        float[] normalized = new float[d];
        LayerNorm.forward(normalized, pooledState, weights.finalNormGain(), weights.finalNormBias(), 1, d,
                config.layerNormEps(), null, null);
        float[] embedding = new float[projectionDim];
        Linear.forward(Parallel.serial(), embedding, normalized, weights.projection(), null, 1, d, projectionDim);
        return embedding;
    }
}
