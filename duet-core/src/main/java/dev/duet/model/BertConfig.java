/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.model;

import dev.duet.tensor.Activation;

/**
 * A BERT text tower's shape, from a {@code config.json} of {@code model_type} bert (transformers'
 * {@code BertConfig}): V = vocabSize, D = width, H = heads, I = intermediate, P = positions
 * ({@code max_position_embeddings}), token types ({@code type_vocab_size}). Only absolute
 * positions are supported. Validated when built.
 */
public record BertConfig(int vocabSize, int width, int layers, int heads, int intermediate, int positions,
                         int tokenTypes, Activation activation, float layerNormEps) {

    static final int MAX_VOCABULARY = 1 << 24;
    static final int MAX_WIDTH = 1 << 16;
    static final int MAX_LAYERS = 1024;
    static final int MAX_POSITIONS = 1 << 16;

    public BertConfig {
        require(vocabSize >= 1 && vocabSize <= MAX_VOCABULARY, "vocab_size " + vocabSize + " is outside [1, " + MAX_VOCABULARY + "]");
        require(width >= 1 && width <= MAX_WIDTH, "hidden_size " + width + " is outside [1, " + MAX_WIDTH + "]");
        require(layers >= 1 && layers <= MAX_LAYERS, "num_hidden_layers " + layers + " is outside [1, " + MAX_LAYERS + "]");
        require(heads >= 1 && width % heads == 0, "num_attention_heads " + heads + " does not divide hidden_size " + width);
        require(intermediate >= 1 && intermediate <= 16 * MAX_WIDTH, "intermediate_size " + intermediate + " is outside [1, "
                + 16 * MAX_WIDTH + "]");
        require(positions >= 2 && positions <= MAX_POSITIONS, "max_position_embeddings " + positions
                + " is outside [2, " + MAX_POSITIONS + "]: it must hold [CLS] and [SEP]");
        require(tokenTypes >= 1 && tokenTypes <= 1024, "type_vocab_size " + tokenTypes + " is outside [1, 1024]");
        require(layerNormEps > 0 && Float.isFinite(layerNormEps), "layer_norm_eps " + layerNormEps + " must be positive");
        // every table a checkpoint of this shape holds must fit one Java array
        require((long) Math.max(vocabSize, positions) * width <= Integer.MAX_VALUE
                && (long) intermediate * width <= Integer.MAX_VALUE / 3, "the tables of hidden_size " + width
                + " do not fit one array");
    }

    private static void require(boolean condition, String problem) {
        if (!condition) {
            throw new IllegalArgumentException(problem);
        }
    }
}
