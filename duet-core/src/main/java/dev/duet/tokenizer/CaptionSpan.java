/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tokenizer;

/**
 * A part of a caption in the user's terms and in the model's: characters [start, end) of the
 * original caption and the tokens [fromToken, toToken) whose characters overlap them, counted
 * from the text tower's first input position (CLIP's BOS, SigLIP's first piece); a span never
 * holds BOS, EOS or padding, whose scores are reported apart ({@link CaptionWords} checks it).
 *
 * @param label     how the span is shown (its words as written in the caption)
 * @param start     the first character of the original caption, from 0
 * @param end       the character after the last
 * @param fromToken the first token's position in the encoding
 * @param toToken   the position after the last token
 */
public record CaptionSpan(String label, int start, int end, int fromToken, int toToken) {

    /**
     * Checks the ranges.
     *
     * @throws IllegalArgumentException if the label is null, a range is negative or backwards, or it holds no token
     */
    public CaptionSpan {
        if (label == null || start < 0 || end < start || fromToken < 0 || toToken <= fromToken) {
            throw new IllegalArgumentException("bad caption span " + label + " [" + start + ", " + end
                    + ") tokens [" + fromToken + ", " + toToken + ")");
        }
    }

    /** {@return the number of tokens, at least 1} */
    public int tokenCount() {
        return toToken - fromToken;
    }
}
