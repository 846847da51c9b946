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
 * @param label how the span is shown (its words as written in the caption)
 */
public record CaptionSpan(String label, int start, int end, int fromToken, int toToken) {

    public CaptionSpan {
        if (label == null || start < 0 || end < start || fromToken < 0 || toToken <= fromToken) {
            throw new IllegalArgumentException("bad caption span " + label + " [" + start + ", " + end
                    + ") tokens [" + fromToken + ", " + toToken + ")");
        }
    }

    public int tokenCount() {
        return toToken - fromToken;
    }
}
