/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tokenizer.sentencepiece;

/** {@code TrainerSpec.ModelType}: the segmentation algorithm, with its protobuf number. */
public enum ModelType {
    /** Viterbi over the pieces' log probabilities. */
    UNIGRAM(1),
    /** Byte-pair merges in the order of the merged pieces' scores. */
    BPE(2),
    /** Whitespace-delimited words (not segmented by Duet). */
    WORD(3),
    /** Single characters (not segmented by Duet). */
    CHAR(4);

    private final int number;

    ModelType(int number) {
        this.number = number;
    }

    /** The type with this protobuf number, or null. */
    static ModelType of(long number) {
        for (ModelType t : values()) {
            if (t.number == number) {
                return t;
            }
        }
        return null;
    }
}
