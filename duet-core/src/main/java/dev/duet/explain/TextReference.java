/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.explain;

import dev.duet.model.ClipConfig;

import java.util.Arrays;

/**
 * The caption an explanation measures against, as the text tower's input ids over the same rows
 * as the explained caption (docs/method.md §1). Which one follows from how the tower pools.
 */
public enum TextReference {

    /**
     * CLIP's (the paper's): {@code [BOS, 0 x K, EOS, 0, ...]}, K filler ids 0 between BOS and EOS
     * ({@code --text-reference-length}). The causal tower pools the input's EOS row, so what
     * lies past it is never read.
     */
    FILLERS_BETWEEN_BOS_AND_EOS,

    /**
     * SigLIP's: the empty caption as its tokenizer gives it, EOS and then padding (the config's
     * {@code padTokenId}: {@code </s>} again for SigLIP, {@code <pad>} for SigLIP 2).
     * Its tower attends over every position and pools the last, so each padded position is a
     * row of the explanation; against this reference a padded position differs from the
     * reference only through what attention brings it, never in its own id.
     */
    EMPTY_CAPTION,

    /**
     * BERT's (ALIGN's text tower, and sentence encoders): the caption's own {@code [CLS]} and
     * {@code [SEP]} with {@code [PAD]} on every row between, over the caption's rows. Every row
     * reaches the pooled [CLS] row, so each is a row of the explanation.
     */
    PADDING_BETWEEN_CLS_AND_SEP;

    /**
     * {@return {@link #PADDING_BETWEEN_CLS_AND_SEP} for {@code caption}: its first and last ids kept, {@code padId} between}
     *
     * @param caption the caption's ids, {@code [CLS] ... [SEP]}, at least one
     * @param padId   the vocabulary's {@code [PAD]}
     */
    public static int[] paddingBetween(int[] caption, int padId) {
        int[] reference = new int[caption.length];
        Arrays.fill(reference, padId);
        reference[0] = caption[0];
        reference[caption.length - 1] = caption[caption.length - 1];
        return reference;
    }

    /**
     * {@return the reference of a text tower that pools as {@code config} says}
     *
     * @param config the text tower's configuration
     */
    public static TextReference of(ClipConfig.Text config) {
        return config.pooling() == ClipConfig.TextPooling.LAST_ROW ? EMPTY_CAPTION : FILLERS_BETWEEN_BOS_AND_EOS;
    }

    /**
     * {@return the reference's ids over {@code rows} positions}
     *
     * @param config  the text tower's configuration (its BOS and EOS ids)
     * @param rows    the explained caption's positions
     * @param fillers K of {@link #FILLERS_BETWEEN_BOS_AND_EOS}; unused by {@link #EMPTY_CAPTION}
     */
    public int[] ids(ClipConfig.Text config, int rows, int fillers) {
        int[] reference = new int[rows];
        switch (this) {
            case FILLERS_BETWEEN_BOS_AND_EOS -> {
                reference[0] = config.bosTokenId();
                int eosAt = 1 + fillers;
                if (eosAt < rows) {
                    reference[eosAt] = config.eosTokenId();
                }
            }
            case EMPTY_CAPTION -> {
                Arrays.fill(reference, config.padTokenId());
                reference[0] = config.eosTokenId();
            }
            case PADDING_BETWEEN_CLS_AND_SEP -> throw new IllegalStateException(
                    "BERT's reference is made from the caption (paddingBetween)");
        }
        return reference;
    }

    /**
     * {@return how the JSON's settings name it, such as {@code "BOS 0 EOS"}}
     *
     * @param fillers K of {@link #FILLERS_BETWEEN_BOS_AND_EOS}
     */
    public String describe(int fillers) {
        return switch (this) {
            case FILLERS_BETWEEN_BOS_AND_EOS -> "BOS " + "0 ".repeat(fillers) + "EOS";
            case EMPTY_CAPTION -> "empty caption (EOS and padding)";
            case PADDING_BETWEEN_CLS_AND_SEP -> "[CLS] [PAD] ... [SEP]";
        };
    }
}
