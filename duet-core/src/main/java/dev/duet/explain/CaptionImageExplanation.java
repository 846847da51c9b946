package dev.duet.explain;

import dev.duet.image.PreprocessedImage;
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
}
