/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.explain;

import dev.duet.image.PreprocessedImage;
import dev.duet.tokenizer.CaptionSpan;
import dev.duet.tokenizer.CaptionWords;
import dev.duet.tokenizer.Encoding;

/**
 * An explanation together with the caption's tokens (words and spans) and the image's crop: what a
 * map of a word or phrase needs.
 *
 * @param attributions the interaction matrix of the caption's tokens and the image's rows
 * @param caption      the caption's tokens, each with its characters; its rows are the matrix's rows
 * @param image        the image as the model saw it: the crop, its pixels and where it lies in the original
 */
public record CaptionImageExplanation(Explanation attributions, Encoding caption, PreprocessedImage image) {

    /**
     * The image map of the caption's characters [start, end): the sum of the interaction rows of
     * every token whose characters overlap them (BOS, EOS and padding hold no characters, so never), one
     * value per patch, row-major over the patch grid.
     *
     * @param start the first character, from 0
     * @param end   the character after the last, at most the caption's length
     * @return [gridRows * gridCols] of {@link Explanation}, row-major
     * @throws IllegalArgumentException if [start, end) is empty, outside the caption, or holds no token
     *         (only spaces, or characters cut off with the caption's tail)
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

    /** {@return the caption's words (maximal runs of letters, digits and marks), each with its characters and tokens} */
    public CaptionWords words() {
        return CaptionWords.of(caption);
    }

    /**
     * The image map of a span of the caption: the sum of its tokens' interaction rows.
     *
     * @param span a word of {@link #words()}, or a phrase it found
     * @return [gridRows * gridCols] of {@link Explanation}, row-major
     */
    public float[] spanMap(CaptionSpan span) {
        return attributions.spanMap(span.fromToken(), span.toToken());
    }

    /**
     * The image map of the first place where the caption has the phrase's words in a row, compared
     * case-insensitively ({@link CaptionWords#phrase}); a phrase that is not there is refused with
     * {@link dev.duet.BadInputException}.
     *
     * @param phrase one or more words, such as {@code "red square"}
     * @return [gridRows * gridCols] of {@link Explanation}, row-major
     * @throws dev.duet.BadInputException if the caption does not have the phrase's words in a row
     */
    public float[] phraseMap(String phrase) {
        return spanMap(words().phrase(phrase));
    }
}
