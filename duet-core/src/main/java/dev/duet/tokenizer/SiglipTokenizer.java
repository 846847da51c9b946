/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tokenizer;

import dev.duet.tokenizer.sentencepiece.NormalizerSpec;
import dev.duet.tokenizer.sentencepiece.SentencePieceEncoding;
import dev.duet.tokenizer.sentencepiece.SentencePieceModel;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * SigLIP's text tokenizer as transformers' {@code SiglipTokenizer} applies it to a caption
 * (with {@code padding="max_length", truncation=True}), over a SentencePiece model read by
 * {@link SentencePieceModel}:
 * <ol>
 * <li>U+2581 in the text becomes a space and one U+2581 is put in front
 *     ({@code SiglipTokenizer.tokenize});</li>
 * <li>with {@link Options#lowerCase} ({@code do_lower_case}, on by default) each code point is
 *     lower-cased on its own, as Python's {@code str.lower} of one char (so no final sigma), by
 *     the JDK's case tables (a char whose case Unicode defined after the reference's Python was
 *     built may differ);</li>
 * <li>the text is cut at the special tokens {@code </s>} and {@code <unk>}, which become their
 *     ids and take the whitespace around them;</li>
 * <li>each other part is canonicalised ({@code canonicalize_text}: ASCII punctuation removed,
 *     whitespace runs to one space, stripped) and encoded by the model with add_dummy_prefix off,
 *     behind {@code <unk>} whose pieces are then dropped (transformers' way of keeping a leading
 *     U+2581 piece);</li>
 * <li>a leading lone U+2581 before a special token is dropped, the ids are cut to
 *     {@code contextLength - 1} and EOS is appended unless the last id is EOS already;</li>
 * <li>{@link #padId()} pads them to {@link #contextLength()} ({@code padding="max_length"}), as
 *     SigLIP's text tower needs: it attends over every position and pools the last one.</li>
 * </ol>
 * Each token's range is in the caller's original string; padding has the empty range at its end.
 * Thread-safe.
 */
public final class SiglipTokenizer implements SentencePieceTokenizer {

    /** transformers' defaults, which SigLIP's tokenizer_config.json keeps. */
    static final String EOS = "</s>";
    static final String UNK = "<unk>";
    static final String PAD = "</s>";

    private static final int SPACE_SYMBOL = 0x2581;
    private static final String PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"; // Python's string.punctuation

    /**
     * @param lowerCase     {@code do_lower_case}: lower-case the text first (SigLIP's default)
     * @param contextLength the padded length: the text tower's positions (64 for SigLIP)
     */
    public record Options(boolean lowerCase, int contextLength) {

        public static final Options SIGLIP = new Options(true, 64);

        public Options {
            if (contextLength < 1) {
                throw new IllegalArgumentException("the context length must hold EOS, got " + contextLength);
            }
        }
    }

    private final SentencePieceModel model;
    private final Options options;
    private final int eosId;
    private final int padId;
    private final int unkPrefixPieces;

    private SiglipTokenizer(SentencePieceModel model, Options options) {
        // get_spm_processor merges add_dummy_prefix = False into the model's normaliser spec
        NormalizerSpec spec = model.normalizerSpec().withAddDummyPrefix(false);
        this.model = model.withNormalizerSpec(spec);
        this.options = options;
        this.eosId = this.model.pieceToId(EOS);
        this.padId = this.model.pieceToId(PAD);
        this.unkPrefixPieces = this.model.encode(UNK).tokens().size();
    }

    /** A tokenizer over a model such as SigLIP's {@code spiece.model}. */
    public static SiglipTokenizer of(SentencePieceModel model, Options options) {
        return new SiglipTokenizer(Objects.requireNonNull(model, "model"), Objects.requireNonNull(options, "options"));
    }

    /**
     * Reads a SentencePiece model file.
     *
     * @throws dev.duet.BadInputException naming the file when it is not a usable model
     */
    public static SiglipTokenizer read(Path spieceModel, Options options) {
        return of(SentencePieceModel.read(spieceModel), options);
    }

    /** The pieces, EOS and padding: {@link #contextLength()} tokens. */
    @Override
    public Encoding encode(String text) {
        Objects.requireNonNull(text, "text");
        MappedText t = MappedText.of(text).mapCodePoints(cp -> cp == SPACE_SYMBOL ? " " : null);
        t = t.builder().put(Character.toString(SPACE_SYMBOL), 0, 0).copy(t, 0, t.length()).build();
        if (options.lowerCase()) {
            t = t.mapCodePoints(PythonStringRules::lowerOneCodePoint);
        }
        List<MappedText> parts = splitOnSpecialTokens(t);
        List<Token> tokens = new ArrayList<>();
        for (MappedText part : parts) {
            if (part.length() == 0) {
                continue;
            }
            if (isSpecial(part.text())) {
                tokens.add(new Token(model.pieceToId(part.text()), part.text(), part.unionStart(0, part.length()),
                        part.unionEnd(0, part.length())));
            } else {
                addPieces(part, tokens);
            }
        }
        if (tokens.size() > 1 && tokens.get(0).piece().equals(Character.toString(SPACE_SYMBOL))
                && isSpecial(tokens.get(1).piece())) {
            tokens.remove(0);
        }
        while (tokens.size() > options.contextLength() - 1) {
            tokens.removeLast();
        }
        if (tokens.isEmpty() || tokens.getLast().id() != eosId) {
            tokens.add(new Token(eosId, EOS, text.length(), text.length()));
        }
        return new Encoding(text, tokens, 0, tokens.size() - 1).padded(options.contextLength(), padId, PAD);
    }

    /** {@code _tokenize}: canonicalise, encode behind {@code <unk>}, drop the pieces of {@code <unk>}. */
    private void addPieces(MappedText part, List<Token> tokens) {
        MappedText c = part.mapCodePoints(cp -> PUNCTUATION.indexOf(cp) >= 0 ? "" : null);
        c = PythonStringRules.strip(PythonStringRules.collapseWhitespace(c));
        int at = c.unionStart(0, 0);
        MappedText prefixed = c.builder().put(UNK, at, at).copy(c, 0, c.length()).build();
        SentencePieceEncoding encoded = model.encode(prefixed.text());
        List<Token> pieces = encoded.tokens();
        int drop = pieces.size() >= unkPrefixPieces ? unkPrefixPieces : 0;
        for (Token p : pieces.subList(drop, pieces.size())) {
            // convert_tokens_to_ids: the id of the piece's text (an unknown run's text gives <unk>)
            tokens.add(new Token(model.pieceToId(p.piece()), p.piece(), prefixed.unionStart(p.start(), p.end()),
                    prefixed.unionEnd(p.start(), p.end())));
        }
    }

    /**
     * The text cut before and after each special token, the whitespace next to a special token
     * removed from its neighbours (the tokens are {@code AddedToken(lstrip=True, rstrip=True)}).
     */
    private static List<MappedText> splitOnSpecialTokens(MappedText t) {
        String s = t.text();
        List<MappedText> parts = new ArrayList<>();
        int from = 0;
        int i = 0;
        while (i < s.length()) {
            String special = s.startsWith(EOS, i) ? EOS : s.startsWith(UNK, i) ? UNK : null;
            if (special == null) {
                i++;
                continue;
            }
            if (i > from) {
                parts.add(t.slice(from, i));
            }
            parts.add(t.slice(i, i + special.length()));
            i += special.length();
            from = i;
        }
        if (from < s.length()) {
            parts.add(t.slice(from, s.length()));
        }
        for (int k = 0; k < parts.size(); k++) {
            if (!isSpecial(parts.get(k).text())) {
                continue;
            }
            if (k + 1 < parts.size() && !isSpecial(parts.get(k + 1).text())) {
                parts.set(k + 1, stripLeading(parts.get(k + 1)));
            }
            if (k > 0 && !isSpecial(parts.get(k - 1).text())) {
                parts.set(k - 1, stripTrailing(parts.get(k - 1)));
            }
        }
        return parts;
    }

    private static boolean isSpecial(String s) {
        return s.equals(EOS) || s.equals(UNK);
    }

    private static MappedText stripLeading(MappedText t) {
        int from = 0;
        while (from < t.length() && PythonStringRules.isSpace(t.charAt(from))) {
            from++;
        }
        return t.slice(from, t.length());
    }

    private static MappedText stripTrailing(MappedText t) {
        int to = t.length();
        while (to > 0 && PythonStringRules.isSpace(t.charAt(to - 1))) {
            to--;
        }
        return t.slice(0, to);
    }

    @Override
    public int eosId() {
        return eosId;
    }

    /** The id SigLIP pads with ({@code </s>}, the same as EOS). */
    @Override
    public int padId() {
        return padId;
    }

    @Override
    public int contextLength() {
        return options.contextLength();
    }

    @Override
    public int vocabularySize() {
        return model.size();
    }

    /** The model with SigLIP's normaliser override (no dummy prefix). */
    @Override
    public SentencePieceModel model() {
        return model;
    }
}
