/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.explain;

import dev.duet.image.PreprocessedImage;
import dev.duet.tokenizer.CaptionSpan;
import dev.duet.tokenizer.CaptionWords;
import dev.duet.tokenizer.Encoding;

/** An explanation together with the caption's tokens (words and spans) and the image's crop. */
public record CaptionImageExplanation(Explanation attributions, Encoding caption, PreprocessedImage image) {

    /**
     * The image map of the caption's characters [start, end): the sum of the interaction rows of
     * every token whose characters overlap them (BOS, EOS and padding hold no characters, so never), one
     * value per patch, row-major over the patch grid.
     */
    public float[] spanMap(int start, int end) {
        String text = caption.text();
        if (start < 0 || end > text.length() || start >= end) {
            throw new IllegalArgumentException("characters [" + start + ", " + end + ") are not a span of the "
                    + text.length() + "-character caption");
        }
        Encoding.TokenRange tokens = caption.tokensOverlapping(start, end).orElseThrow(() -> new IllegalArgumentException(
                "characters [" + start + ", " + end + ") of \"" + text + "\" hold no token"));
        return attributions.spanMap(tokens.from(), tokens.to());
    }

    /** The caption's words (maximal runs of letters, digits and marks), each with its characters and tokens. */
    public CaptionWords words() {
        return CaptionWords.of(caption);
    }

    /** The image map of a span of the caption: a word of {@link #words()}, or a phrase it found. */
    public float[] spanMap(CaptionSpan span) {
        return attributions.spanMap(span.fromToken(), span.toToken());
    }

    /**
     * The image map of the first place where the caption has the phrase's words in a row, compared
     * case-insensitively ({@link CaptionWords#phrase}); a phrase that is not there is refused with
     * {@link dev.duet.BadInputException}.
     */
    public float[] phraseMap(String phrase) {
        return spanMap(words().phrase(phrase));
    }
}
