package dev.duet.tokenizer;

import java.util.Arrays;
import java.util.List;

/**
 * A text as CLIP's text tower sees it: BOS, the BPE pieces, EOS, at most the model's context
 * length (a longer text is cut and its last kept id replaced by EOS, as
 * {@code clip.tokenize(truncate=True)} does). Not padded; see {@link #padded}.
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

    /** The ids followed by {@code padId} up to {@code length} (CLIP pads with 0). */
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
