/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.model;

import dev.duet.BadInputException;
import dev.duet.model.layer.Pooling;
import dev.duet.model.layer.ProjectionHead;
import dev.duet.model.layer.TokenEmbedding;
import dev.duet.model.layer.TransformerBlock;
import dev.duet.tensor.Parallel;

import java.util.List;

/**
 * A text tower as a list of layers: {@link TokenEmbedding}, {@link TransformerBlock}s,
 * {@link Pooling} at one row, {@link ProjectionHead}. CLIP's blocks are causal and pool the EOS
 * row, so rows after it never reach it and are dropped before the first block; SigLIP's see
 * every row of the padded sequence and pool the last one.
 *
 * @param config    the tower's sizes, activation and pooling
 * @param embedding the token and position embedding: the state at cut 0
 * @param blocks    the blocks in order; cuts are 0..blocks().size()
 * @param head      the final LayerNorm and projection of the pooled row
 */
public record TextEncoder(ClipConfig.Text config, TokenEmbedding embedding, List<TransformerBlock> blocks,
                          ProjectionHead head) implements TextTower {

    /**
     * Builds the tower's layers over its weights (which are shared, not copied).
     *
     * @param config        the tower's sizes, activation and pooling
     * @param weights       its weights, shaped as {@code config} says
     * @param projectionDim P: the width of the embedding
     */
    public TextEncoder(ClipConfig.Text config, TextWeights weights, int projectionDim) {
        this(config,
                new TokenEmbedding(weights.tokenEmbedding(), weights.positionEmbedding(), config.vocabSize(),
                        config.contextLength(), config.width()),
                TransformerBlock.stack(weights.blocks(), config.width(), config.intermediate(), config.heads(),
                        config.causal(), config.activation(), config.layerNormEps()),
                new ProjectionHead(weights.finalNormGain(), weights.finalNormBias(), weights.projection(),
                        weights.projectionBias(), config.width(), projectionDim, config.layerNormEps()));
    }

    /** {@return the tower's weights: the arrays its layers hold (shared, not copied)} */
    public TextWeights weights() {
        return new TextWeights(embedding.table(), embedding.positions(),
                blocks.stream().map(TransformerBlock::weights).toList(), head.gain(), head.bias(), head.projection(),
                head.projectionBias());
    }

    /** {@return P: the width of the embedding} */
    @Override
    public int projectionDim() {
        return head.projectionDim();
    }

    @Override
    public int layers() {
        return blocks.size();
    }

    /**
     * {@return the row whose final state becomes the embedding, by the config's pooling rule}
     *
     * @param ids a token sequence, at least one id
     * @throws IllegalArgumentException if {@code ids} is empty
     */
    public int pooledRow(int[] ids) {
        if (ids.length == 0) {
            throw new IllegalArgumentException("empty token sequence");
        }
        return switch (config.pooling()) {
            case LAST_ROW -> ids.length - 1;
            case FIRST_EOS -> {
                int row = 0;
                while (row < ids.length - 1 && ids[row] != config.eosTokenId()) {
                    row++;
                }
                yield row;
            }
            case ARGMAX_ID -> {
                int best = 0;
                for (int i = 1; i < ids.length; i++) {
                    if (ids[i] > ids[best]) {
                        best = i;
                    }
                }
                yield best;
            }
        };
    }

    /**
     * {@return the first padded position of a sequence this tower pools at its last row (SigLIP), or
     * {@code ids.length} when it has none or the tower pools up to EOS (CLIP: no row after EOS reaches it)}
     * The padding is the trailing run of {@code padTokenId} after EOS; where the padding id is EOS's own
     * (SigLIP), the run's first position is EOS.
     *
     * @param ids a token sequence as the tokenizer gives it
     */
    public int paddingFrom(int[] ids) {
        if (config.pooling() != ClipConfig.TextPooling.LAST_ROW) {
            return ids.length;
        }
        int from = ids.length;
        while (from > 0 && ids[from - 1] == config.padTokenId()) {
            from--;
        }
        return config.padTokenId() == config.eosTokenId() && from < ids.length ? from + 1 : from;
    }

    /**
     * {@return the state [rows][D] entering block {@code layer} (0 = embedding output), row-major}
     *
     * @param parallel the threads to run on
     * @param ids      the token sequence; ids[0..rows) are taken, padded with id 0 when shorter
     * @param rows     the rows of the state, at most the context length
     * @param layer    a cut, 0..blocks().size()
     * @throws dev.duet.BadInputException if {@code layer} is outside 0..blocks().size()
     */
    public float[] hiddenState(Parallel parallel, int[] ids, int rows, int layer) {
        checkLayer(layer, blocks.size());
        float[] x = embedding.forward(embedding.tokens(List.of(ids), rows), rows);
        TransformerBlock.forwardAll(blocks.subList(0, layer), parallel, x, 1, rows);
        return x;
    }

    static void checkLayer(int layer, int layers) {
        if (layer < 0 || layer > layers) {
            throw new BadInputException(null, "layer " + layer + " is outside 0.." + layers + " (the input of a block, or "
                    + layers + " = after the last block)");
        }
    }

    /**
     * {@return projected (unnormalised) embeddings [B][P] of a batch of token sequences}
     *
     * @param parallel  the threads to run on
     * @param sequences B token sequences, each at most the context length and not empty
     */
    @Override
    public float[][] encode(Parallel parallel, List<int[]> sequences) {
        int batch = sequences.size();
        int rows = 0;
        int[] pooled = new int[batch];
        for (int b = 0; b < batch; b++) {
            pooled[b] = pooledRow(sequences.get(b));
            rows = Math.max(rows, pooled[b] + 1);
        }
        float[] x = embedding.forward(embedding.tokens(sequences, rows), rows);
        TransformerBlock.forwardAll(blocks, parallel, x, batch, rows);
        float[] pooledStates = Pooling.select(x, rows, config.width(), pooled);
        float[][] embeddings = new float[batch][];
        for (int b = 0; b < batch; b++) {
            embeddings[b] = head.embed(java.util.Arrays.copyOfRange(pooledStates, b * config.width(),
                    (b + 1) * config.width()));
        }
        return embeddings;
    }
}
