/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tokenizer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * BERT's tokenizer as transformers' {@code BertTokenizer} applies it to one sentence (with
 * {@code truncation=True}), over a {@code vocab.txt}:
 * <ol>
 * <li>literal special tokens in the text ({@code [CLS]}, {@code [SEP]}, {@code [PAD]},
 *     {@code [MASK]}, {@code [UNK]}, as written, before any normalisation) become their ids;</li>
 * <li>each other part is cut into words by {@link BertTextPreparation} (Google's
 *     {@code BasicTokenizer});</li>
 * <li>each word becomes its greedy longest-match-first WordPiece pieces, every piece after the
 *     first spelled "##..."; a word with a char no piece covers, or with more than
 *     {@value #MAX_WORD_CHARS} code points, is one {@code [UNK]};</li>
 * <li>the pieces are cut to {@code contextLength - 2} and put between {@code [CLS]} and {@code [SEP]}.</li>
 * </ol>
 * Nothing is padded: {@link #pad} fills an encoding with {@code [PAD]} to a batch's length, and
 * {@link Encoding#attentionMask()} marks what a BERT tower attends to. Each piece's range is the
 * union of its chars' ranges in the caller's string; {@code [CLS]} has the empty range at 0 and
 * {@code [SEP]} at the end. Thread-safe.
 */
public final class WordPieceTokenizer implements Tokenizer {

    /** transformers' {@code max_input_chars_per_word}. */
    static final int MAX_WORD_CHARS = 100;

    static final String UNK = "[UNK]";
    static final String CLS = "[CLS]";
    static final String SEP = "[SEP]";
    static final String PAD = "[PAD]";
    static final String MASK = "[MASK]";
    private static final String CONTINUATION = "##";

    /**
     * @param lowerCase         {@code do_lower_case}
     * @param stripAccents      {@code strip_accents}; transformers' default (null in the config) is {@code lowerCase}
     * @param splitChineseChars {@code tokenize_chinese_chars}
     * @param contextLength     the longest encoding, [CLS] and [SEP] included (the tower's positions, or
     *                          sentence-transformers' {@code max_seq_length})
     */
    public record Options(boolean lowerCase, boolean stripAccents, boolean splitChineseChars, int contextLength) {

        /** bert-base-uncased's settings, and those of most sentence encoders built on it. */
        public static Options uncased(int contextLength) {
            return new Options(true, true, true, contextLength);
        }

        public Options {
            if (contextLength < 2) {
                throw new IllegalArgumentException("the context length must hold [CLS] and [SEP], got " + contextLength);
            }
        }
    }

    private final WordPieceVocabulary vocabulary;
    private final Options options;
    private final List<String> specialTokens;
    private final int unkId;
    private final int clsId;
    private final int sepId;
    private final int padId;

    private WordPieceTokenizer(WordPieceVocabulary vocabulary, Options options) {
        this.vocabulary = vocabulary;
        this.options = options;
        this.unkId = vocabulary.requireId(UNK);
        this.clsId = vocabulary.requireId(CLS);
        this.sepId = vocabulary.requireId(SEP);
        this.padId = vocabulary.requireId(PAD);
        this.specialTokens = vocabulary.id(MASK) >= 0 ? List.of(CLS, SEP, PAD, MASK, UNK) : List.of(CLS, SEP, PAD, UNK);
    }

    /**
     * Reads a {@code vocab.txt}.
     *
     * @throws dev.duet.BadInputException naming the file when it is missing, too large, not UTF-8
     *                                    or lacks [UNK], [CLS], [SEP] or [PAD]
     */
    public static WordPieceTokenizer read(Path vocabTxt, Options options) {
        return new WordPieceTokenizer(WordPieceVocabulary.read(vocabTxt), Objects.requireNonNull(options, "options"));
    }

    /** [CLS], the text's pieces (cut to the context length), [SEP]; no padding. */
    @Override
    public Encoding encode(String text) {
        Objects.requireNonNull(text, "text");
        MappedText whole = MappedText.of(text);
        List<Token> tokens = new ArrayList<>();
        tokens.add(new Token(clsId, CLS, 0, 0));
        int maxPieces = options.contextLength() - 2;
        int from = 0;
        while (from < text.length() && tokens.size() - 1 < maxPieces) {
            int at = text.length();
            String special = null;
            for (String candidate : specialTokens) {
                int found = text.indexOf(candidate, from);
                if (found >= 0 && found < at) {
                    at = found;
                    special = candidate;
                }
            }
            for (MappedText word : BertTextPreparation.words(whole.slice(from, at), options.lowerCase(),
                    options.stripAccents(), options.splitChineseChars())) {
                addPieces(word, tokens);
            }
            if (special != null) {
                tokens.add(new Token(vocabulary.id(special), special, at, at + special.length()));
                at += special.length();
            }
            from = at;
        }
        while (tokens.size() - 1 > maxPieces) {
            tokens.removeLast();
        }
        tokens.add(new Token(sepId, SEP, text.length(), text.length()));
        return new Encoding(text, tokens, 1, tokens.size() - 1);
    }

    /**
     * Greedy longest-match-first WordPiece of one word (Google's {@code WordpieceTokenizer.tokenize}),
     * over code points: a candidate never ends inside a surrogate pair, and none longer than the
     * vocabulary's longest piece is looked up.
     */
    private void addPieces(MappedText word, List<Token> tokens) {
        String w = word.text();
        int[] bounds = new int[w.codePointCount(0, w.length()) + 1]; // char index where each code point starts, then the length
        int wordStart = word.unionStart(0, w.length());
        int wordEnd = word.unionEnd(0, w.length());
        if (bounds.length - 1 > MAX_WORD_CHARS) {
            tokens.add(new Token(unkId, UNK, wordStart, wordEnd));
            return;
        }
        for (int k = 1, i = 0; k < bounds.length; k++) {
            i += Character.charCount(w.codePointAt(i));
            bounds[k] = i;
        }
        List<Token> pieces = new ArrayList<>();
        int start = 0;
        while (start < bounds.length - 1) {
            String prefix = start > 0 ? CONTINUATION : "";
            int end = bounds.length - 1;
            int id = -1;
            for (; end > start; end--) {
                if (prefix.length() + bounds[end] - bounds[start] <= vocabulary.longestPiece()) {
                    id = vocabulary.id(prefix + w.substring(bounds[start], bounds[end]));
                    if (id >= 0) {
                        break;
                    }
                }
            }
            if (id < 0) {
                tokens.add(new Token(unkId, UNK, wordStart, wordEnd));
                return;
            }
            pieces.add(new Token(id, vocabulary.piece(id), word.unionStart(bounds[start], bounds[end]),
                    word.unionEnd(bounds[start], bounds[end])));
            start = end;
        }
        tokens.addAll(pieces);
    }

    /** {@code encoding} followed by [PAD] up to {@code length} positions (a batch's longest). */
    public Encoding pad(Encoding encoding, int length) {
        return encoding.padded(length, padId, PAD);
    }

    @Override
    public int contextLength() {
        return options.contextLength();
    }

    @Override
    public int vocabularySize() {
        return vocabulary.size();
    }

    public Options options() {
        return options;
    }

    public int padId() {
        return padId;
    }

    /** The vocabulary piece with this id, or null if there is none. */
    public String piece(int id) {
        return vocabulary.piece(id);
    }
}
