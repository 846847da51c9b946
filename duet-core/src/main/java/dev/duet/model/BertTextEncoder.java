/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.model;

import dev.duet.model.layer.BertEmbedding;
import dev.duet.model.layer.BlockWeights;
import dev.duet.model.layer.PostNormBlock;
import dev.duet.model.layer.TokenEmbedding;
import dev.duet.tensor.Parallel;

import java.util.Arrays;
import java.util.List;

/**
 * A BERT text tower (transformers' {@code BertModel} without its pooler) as a list of layers:
 * {@link BertEmbedding}, then {@link PostNormBlock}s; its output is the last hidden states of
 * every row. Sequences of a batch are padded to one length and each attends only to its own rows.
 */
public record BertTextEncoder(BertConfig config, BertEmbedding embedding, List<PostNormBlock> blocks) {

    /** The tower over its embedding and blocks' weights (shared, not copied). */
    static BertTextEncoder of(BertConfig config, BertEmbedding embedding, List<BlockWeights> blocks) {
        return new BertTextEncoder(config, embedding, blocks.stream().map(block -> new PostNormBlock(block,
                config.width(), config.intermediate(), config.heads(), config.activation(), config.layerNormEps()))
                .toList());
    }

    /**
     * The last hidden states [B][T][D] of sequences padded to T = the longest: sequence b is
     * {@code ids.get(b)} (its attended rows, {@code keys[b]}), then padding id 0 that no row attends to.
     */
    public float[] hiddenStates(Parallel parallel, List<int[]> ids) {
        int[] keys = lengths(ids);
        int rows = Arrays.stream(keys).max().orElseThrow();
        TokenEmbedding tokens = embedding.tokens();
        float[] x = embedding.forward(parallel, tokens.tokens(ids, rows), rows);
        PostNormBlock.forwardAll(blocks, parallel, x, rows, keys);
        return x;
    }

    /**
     * The state [T][D] of one unpadded sequence entering block {@code layer} (0 = the embeddings'
     * output, {@code blocks().size()} = after the last block): where an explanation cuts the tower.
     */
    public float[] hiddenState(Parallel parallel, int[] ids, int layer) {
        if (layer < 0 || layer > blocks.size()) {
            throw new IllegalArgumentException("layer " + layer + " is outside 0.." + blocks.size());
        }
        int rows = ids.length;
        float[] x = embedding.forward(parallel, embedding.tokens().tokens(List.of(ids), rows), rows);
        PostNormBlock.forwardAll(blocks.subList(0, layer), parallel, x, rows, new int[] {rows});
        return x;
    }

    /** The attended rows of each sequence: its length (a sequence holds at least [CLS] and [SEP]). */
    static int[] lengths(List<int[]> ids) {
        int[] keys = new int[ids.size()];
        for (int b = 0; b < keys.length; b++) {
            keys[b] = ids.get(b).length;
            if (keys[b] < 1) {
                throw new IllegalArgumentException("sequence " + b + " is empty");
            }
        }
        return keys;
    }
}
