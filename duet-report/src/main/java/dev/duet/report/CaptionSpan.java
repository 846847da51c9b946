package dev.duet.report;

/**
 * A part of a caption in the user's terms and in the model's: characters [start, end) of the
 * original caption and the tokens [fromToken, toToken) whose characters overlap them. Tokens
 * are counted from BOS = 0; a span never holds BOS or EOS, whose scores are reported apart.
 *
 * @param label how the span is shown (its words as written in the caption)
 */
public record CaptionSpan(String label, int start, int end, int fromToken, int toToken) {

    public CaptionSpan {
        if (label == null || start < 0 || end < start || fromToken < 1 || toToken <= fromToken) {
            throw new IllegalArgumentException("bad caption span " + label + " [" + start + ", " + end
                    + ") tokens [" + fromToken + ", " + toToken + ")");
        }
    }

    public int tokenCount() {
        return toToken - fromToken;
    }
}
