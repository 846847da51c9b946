package dev.duet.tokenizer;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A text as a text tower sees it, EOS last: for CLIP, BOS, the BPE pieces, EOS, at most the
 * model's context length (a longer text is cut and its last kept id replaced by EOS, as
 * {@code clip.tokenize(truncate=True)} does); for SigLIP ({@link SiglipTokenizer}), the
 * SentencePiece pieces and EOS. Not padded; see {@link #padded}.
 */
public final class Encoding {

    private final String text;
    private final List<Token> tokens;

    Encoding(String text, List<Token> tokens) {
        this.text = text;
        this.tokens = List.copyOf(tokens);
    }

    /** The caller's original string, which token spans index. */
    public String text() {
        return text;
    }

    /** BOS .. EOS, one entry per token. */
    public List<Token> tokens() {
        return tokens;
    }

    /** Ids BOS .. EOS (a fresh array). */
    public int[] ids() {
        int[] ids = new int[tokens.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = tokens.get(i).id();
        }
        return ids;
    }

    /** Number of tokens, BOS and EOS included. */
    public int size() {
        return tokens.size();
    }

    /** Position of EOS: the row CLIP pools the text embedding from. */
    public int eosIndex() {
        return tokens.size() - 1;
    }

    /** Tokens {@code [from, to)}: positions in {@link #tokens()}. */
    public record TokenRange(int from, int to) {
    }

    /**
     * The tokens whose characters overlap characters [start, end) of the text, as one range (a
     * span's tokens are consecutive); empty when none does: BOS and EOS hold no characters, and
     * a span past the context length was cut away.
     */
    public Optional<TokenRange> tokensOverlapping(int start, int end) {
        int from = -1;
        int to = -1;
        for (int t = 0; t < tokens.size(); t++) {
            Token token = tokens.get(t);
            if (token.end() > token.start() && token.start() < end && token.end() > start) {
                from = from < 0 ? t : from;
                to = t + 1;
            }
        }
        return from < 0 ? Optional.empty() : Optional.of(new TokenRange(from, to));
    }

    /** The ids followed by {@code padId} up to {@code length} (CLIP pads with 0, SigLIP with EOS). */
    public int[] padded(int length, int padId) {
        if (length < tokens.size()) {
            throw new IllegalArgumentException("cannot pad " + tokens.size() + " tokens to " + length);
        }
        int[] ids = Arrays.copyOf(ids(), length);
        Arrays.fill(ids, tokens.size(), length, padId);
        return ids;
    }

    @Override
    public String toString() {
        return "Encoding" + tokens;
    }
}
