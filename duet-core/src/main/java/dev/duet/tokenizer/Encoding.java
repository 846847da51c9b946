/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A text as a text tower takes it, one token per input position. For CLIP
 * ({@link ClipTokenizer}): BOS, the BPE pieces, EOS, at most the model's context length (a longer
 * text is cut and its last kept id replaced by EOS, as {@code clip.tokenize(truncate=True)} does);
 * CLIP's causal tower never reads past EOS, so nothing is padded. For SigLIP
 * ({@link SiglipTokenizer}, SigLIP 2's {@link GemmaTokenizer}): the SentencePiece pieces (after
 * SigLIP 2's BOS, when its tokenizer adds one), EOS, then padding ({@code </s>} again, SigLIP 2's
 * {@code <pad>}) up to the tower's fixed length, since SigLIP's bidirectional tower attends over
 * the padding and pools its last position. For BERT ({@link WordPieceTokenizer}): [CLS], the WordPiece pieces, [SEP], and
 * [PAD] only when a batch is padded to its longest member, which the tower does not attend to
 * ({@link #attentionMask}). {@link #role} says which positions are which.
 */
public final class Encoding {

    /** What an input position holds. */
    public enum Role {
        /** the start token before the text: CLIP's BOS, BERT's [CLS] */
        BOS,
        /** a piece of the caller's text (a literal special token in the text included) */
        TEXT,
        /** the end token after the text: CLIP's and SigLIP's EOS, BERT's [SEP] */
        EOS,
        /** the fill after EOS: SigLIP's up to the tower's fixed length, BERT's up to a batch's longest */
        PADDING
    }

    private final String text;
    private final List<Token> tokens;
    private final int firstText;
    private final int eosIndex;

    /**
     * @param firstText the first text position: 1 after CLIP's BOS, 0 without one
     * @param eosIndex  the position of EOS; positions after it are padding
     */
    Encoding(String text, List<Token> tokens, int firstText, int eosIndex) {
        if (firstText < 0 || eosIndex < firstText || eosIndex >= tokens.size()) {
            throw new IllegalArgumentException("text from " + firstText + " and EOS at " + eosIndex + " do not fit "
                    + tokens.size() + " tokens");
        }
        this.text = text;
        this.tokens = List.copyOf(tokens);
        this.firstText = firstText;
        this.eosIndex = eosIndex;
    }

    /** {@return the caller's original string, which token spans index} */
    public String text() {
        return text;
    }

    /** {@return every input position, first to last} */
    public List<Token> tokens() {
        return tokens;
    }

    /** {@return the ids of every position (a fresh array): the text tower's input} */
    public int[] ids() {
        int[] ids = new int[tokens.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = tokens.get(i).id();
        }
        return ids;
    }

    /** {@return the number of positions, special ones and padding included} */
    public int size() {
        return tokens.size();
    }

    /**
     * {@return BERT's attention mask: 1 for every position up to EOS, 0 on padding, [size()] (a fresh array)}
     * SigLIP's tower attends to its padding as well and takes no mask.
     */
    public int[] attentionMask() {
        int[] mask = new int[tokens.size()];
        Arrays.fill(mask, 0, eosIndex + 1, 1);
        return mask;
    }

    /** {@return the position of EOS: the row CLIP pools the text embedding from} */
    public int eosIndex() {
        return eosIndex;
    }

    /**
     * {@return what the input position holds}
     *
     * @param position from 0 to {@link #size()} - 1
     * @throws IndexOutOfBoundsException if {@code position} is outside the encoding
     */
    public Role role(int position) {
        if (position < 0 || position >= tokens.size()) {
            throw new IndexOutOfBoundsException("position " + position + " of " + tokens.size());
        }
        return position < firstText ? Role.BOS : position < eosIndex ? Role.TEXT : position == eosIndex ? Role.EOS
                : Role.PADDING;
    }

    /**
     * Tokens {@code [from, to)}: positions in {@link #tokens()}.
     *
     * @param from the first position
     * @param to   the position after the last
     */
    public record TokenRange(int from, int to) {

        /** {@return whether the range holds no position} */
        public boolean isEmpty() {
            return from == to;
        }
    }

    /** {@return the positions of the text's own pieces: after BOS (if any), before EOS; empty for an empty text} */
    public TokenRange textTokens() {
        return new TokenRange(firstText, eosIndex);
    }

    /**
     * The tokens of the caption's text (never BOS, EOS or padding) whose characters overlap
     * characters [start, end), as one range (a span's tokens are consecutive): a token with
     * characters when its own range meets the span, a piece with an empty range (the tail bytes of
     * a character that BPE split, placed just after it) when that character lies in the span.
     * Empty when none does: a span of spaces, or past the context length, where it was cut away.
     *
     * @param start the first character of the original text, from 0
     * @param end   the character after the last
     * @return the overlapping tokens, or empty
     */
    public Optional<TokenRange> tokensOverlapping(int start, int end) {
        int from = -1;
        int to = -1;
        for (int t = firstText; t < eosIndex; t++) {
            Token token = tokens.get(t);
            boolean overlaps = token.end() > token.start()
                    ? token.start() < end && token.end() > start
                    : token.start() - 1 >= start && token.start() - 1 < end;
            if (overlaps) {
                from = from < 0 ? t : from;
                to = t + 1;
            }
        }
        return from < 0 ? Optional.empty() : Optional.of(new TokenRange(from, to));
    }

    /** This encoding followed by {@code pad} up to {@code length} positions, each an empty range at the text's end. */
    Encoding padded(int length, int padId, String padPiece) {
        if (length < tokens.size()) {
            throw new IllegalArgumentException("cannot pad " + tokens.size() + " tokens to " + length);
        }
        List<Token> all = new ArrayList<>(tokens);
        while (all.size() < length) {
            all.add(new Token(padId, padPiece, text.length(), text.length()));
        }
        return new Encoding(text, all, firstText, eosIndex);
    }

    @Override
    public String toString() {
        return "Encoding" + tokens;
    }
}
