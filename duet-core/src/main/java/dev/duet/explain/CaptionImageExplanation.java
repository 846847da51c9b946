package dev.duet.explain;

import dev.duet.image.PreprocessedImage;
import dev.duet.tokenizer.Encoding;
import dev.duet.tokenizer.Token;

import java.util.List;

/** An explanation together with the caption's tokens (words and spans) and the image's crop. */
public record CaptionImageExplanation(Explanation attributions, Encoding caption, PreprocessedImage image) {

    /**
     * The image map of the caption's characters [start, end): the sum of the interaction rows of
     * every token whose characters overlap them (BOS and EOS hold no characters, so never), one
     * value per patch, row-major over the patch grid.
     */
    public float[] spanMap(int start, int end) {
        String text = caption.text();
        if (start < 0 || end > text.length() || start >= end) {
            throw new IllegalArgumentException("characters [" + start + ", " + end + ") are not a span of the "
                    + text.length() + "-character caption");
        }
        List<Token> tokens = caption.tokens();
        int first = -1;
        int last = -1;
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.get(i).start() < end && tokens.get(i).end() > start) {
                first = first < 0 ? i : first;
                last = i;
            }
        }
        if (first < 0) {
            throw new IllegalArgumentException("characters [" + start + ", " + end + ") of \"" + text + "\" hold no token");
        }
        return attributions.spanMap(first, last + 1);
    }
}
