package dev.duet.explain;

import dev.duet.image.PreprocessedImage;
import dev.duet.tokenizer.Encoding;

/** An explanation together with the caption's tokens (words and spans) and the image's crop. */
public record CaptionImageExplanation(Explanation attributions, Encoding caption, PreprocessedImage image) {
}
