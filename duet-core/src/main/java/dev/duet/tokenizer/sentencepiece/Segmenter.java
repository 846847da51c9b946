/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tokenizer.sentencepiece;

/** Splits normalised UTF-8 into pieces: {@code model->Encode(normalized)}. */
interface Segmenter {

    /**
     * The pieces of {@code normalized}, in order and covering it: segment k is bytes
     * {@code [bounds[k], bounds[k+1])} with id {@code ids[k]}.
     */
    record Segments(int[] bounds, int[] ids) {

        int count() {
            return ids.length;
        }
    }

    Segments segment(byte[] normalized);
}
