/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tokenizer;

import dev.duet.tokenizer.sentencepiece.SentencePieceModel;
import dev.duet.tokenizer.sentencepiece.SentencePieceEncoding;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * SigLIP 2's text tokenizer: transformers' {@code GemmaTokenizer} (and {@code GemmaTokenizerFast},
 * built to agree with it) over Gemma's SentencePiece model ({@code tokenizer.model}), as SigLIP 2's
 * processor calls it ({@code padding="max_length", truncation=True, max_length=64}):
 * <ol>
 * <li>the text is cut at the added tokens ({@code <pad> <eos> <bos> <unk>} and those of
 *     {@code tokenizer_config.json}'s {@code added_tokens_decoder}; leftmost first, the longest
 *     there), each of which becomes its own id;</li>
 * <li>with {@link Options#lowerCase} (transformers 5's {@code Siglip2Tokenizer}: Gemma's tokenizer
 *     behind the tokenizers library's Lowercase normaliser) each code point of the other parts is
 *     lower-cased on its own; {@code GemmaTokenizer}, which SigLIP 2's published configs name, does
 *     not lower-case (SigLIP 2 was trained on lower-cased captions, which its caller lower-cases);</li>
 * <li>every other part is encoded by the model exactly as its file says (Gemma's: identity
 *     normaliser, no dummy prefix, spaces kept, digits one piece each, byte fallback);</li>
 * <li>the ids are cut to {@code contextLength} less the added BOS and EOS, BOS goes in front when
 *     {@code add_bos_token} (SigLIP 2: false), EOS after ({@code add_eos_token}, which SigLIP 2's
 *     tokenizer sets and SigLIP's text tower needs: it pools its last position), and
 *     {@code <pad>} fills the rest on the right.</li>
 * </ol>
 * Each token's range is in the caller's original string: a piece's as the model gives it in its
 * part, an added token's own characters; BOS has the empty range at 0, EOS and padding at the end.
 * Thread-safe.
 */
public final class GemmaTokenizer implements SentencePieceTokenizer {

    /** Gemma's special tokens (GemmaTokenizer's defaults, which SigLIP 2 keeps). */
    public static final String BOS = "<bos>";
    public static final String EOS = "<eos>";
    public static final String PAD = "<pad>";
    public static final String UNK = "<unk>";

    /**
     * @param addBos        {@code add_bos_token}: BOS in front (SigLIP 2: false)
     * @param lowerCase     lower-case what is not an added token ({@code Siglip2Tokenizer}), or not
     *                      ({@code GemmaTokenizer}, {@code GemmaTokenizerFast})
     * @param contextLength the padded length: the text tower's positions (64 for SigLIP 2)
     * @param addedTokens   {@code added_tokens_decoder}: each added token's text and id, beyond the
     *                      four special tokens (whose ids are the model's unless listed here)
     */
    public record Options(boolean addBos, boolean lowerCase, int contextLength, Map<String, Integer> addedTokens) {

        /** SigLIP 2's as published (GemmaTokenizer): no BOS, cased, 64 positions, the special tokens only. */
        public static final Options SIGLIP2 = new Options(false, false, 64, Map.of());

        public Options {
            if (contextLength < (addBos ? 2 : 1)) {
                throw new IllegalArgumentException("the context length must hold " + (addBos ? "BOS and " : "")
                        + "EOS, got " + contextLength);
            }
            for (Map.Entry<String, Integer> e : addedTokens.entrySet()) {
                if (e.getKey().isEmpty() || e.getValue() < 0) {
                    throw new IllegalArgumentException("added token '" + e.getKey() + "' with id " + e.getValue());
                }
            }
            addedTokens = Map.copyOf(addedTokens);
        }
    }

    private final SentencePieceModel model;
    private final Options options;
    private final Map<String, Integer> addedIds;   // every added token's text to its id
    private final Map<Character, List<String>> addedByFirstChar; // the texts by first char, longest first
    private final int bosId;
    private final int eosId;
    private final int padId;
    private final int vocabularySize;

    private GemmaTokenizer(SentencePieceModel model, Options options) {
        this.model = model;
        this.options = options;
        Map<String, Integer> ids = new LinkedHashMap<>();
        for (String special : List.of(PAD, EOS, BOS, UNK)) {
            ids.put(special, options.addedTokens().getOrDefault(special, model.pieceToId(special)));
        }
        ids.putAll(options.addedTokens());
        this.addedIds = Map.copyOf(ids);
        Map<Character, List<String>> byFirst = new HashMap<>();
        ids.keySet().stream()
                .sorted(Comparator.comparingInt(String::length).reversed().thenComparing(Comparator.naturalOrder()))
                .forEach(added -> byFirst.computeIfAbsent(added.charAt(0), c -> new ArrayList<>()).add(added));
        byFirst.replaceAll((c, list) -> List.copyOf(list));
        this.addedByFirstChar = Map.copyOf(byFirst);
        this.bosId = addedIds.get(BOS);
        this.eosId = addedIds.get(EOS);
        this.padId = addedIds.get(PAD);
        this.vocabularySize = Math.max(model.size(), addedIds.values().stream().mapToInt(i -> i + 1).max().orElse(0));
    }

    /** A tokenizer over a model such as SigLIP 2's {@code tokenizer.model}. */
    public static GemmaTokenizer of(SentencePieceModel model, Options options) {
        return new GemmaTokenizer(Objects.requireNonNull(model, "model"), Objects.requireNonNull(options, "options"));
    }

    /**
     * Reads a SentencePiece model file.
     *
     * @throws dev.duet.BadInputException naming the file when it is not a usable model
     */
    public static GemmaTokenizer read(Path tokenizerModel, Options options) {
        return of(SentencePieceModel.read(tokenizerModel), options);
    }

    /** BOS (if added), the pieces, EOS and padding: {@link #contextLength()} tokens. */
    @Override
    public Encoding encode(String text) {
        Objects.requireNonNull(text, "text");
        List<Token> tokens = new ArrayList<>();
        int from = 0;
        int i = 0;
        while (i < text.length()) {
            String added = addedTokenAt(text, i);
            if (added == null) {
                i++;
                continue;
            }
            addPieces(text, from, i, tokens);
            tokens.add(new Token(addedIds.get(added), added, i, i + added.length()));
            i += added.length();
            from = i;
        }
        addPieces(text, from, text.length(), tokens);
        int firstText = options.addBos() ? 1 : 0;
        // truncation=True: the sequence keeps its head, room left for the special tokens
        while (tokens.size() > options.contextLength() - firstText - 1) {
            tokens.removeLast();
        }
        if (options.addBos()) {
            tokens.addFirst(new Token(bosId, BOS, 0, 0));
        }
        tokens.add(new Token(eosId, EOS, text.length(), text.length()));
        return new Encoding(text, tokens, firstText, tokens.size() - 1).padded(options.contextLength(), padId, PAD);
    }

    /** The longest added token starting at {@code at}, or null. */
    private String addedTokenAt(String text, int at) {
        for (String added : addedByFirstChar.getOrDefault(text.charAt(at), List.of())) {
            if (text.startsWith(added, at)) {
                return added;
            }
        }
        return null;
    }

    /** {@code _tokenize} of the part [from, to) (lower-cased first if asked): the model's pieces, with their ranges in the whole text. */
    private void addPieces(String text, int from, int to, List<Token> tokens) {
        if (from == to) {
            return;
        }
        MappedText part = MappedText.of(text.substring(from, to));
        if (options.lowerCase()) {
            part = part.mapCodePoints(PythonStringRules::lowerOneCodePoint);
        }
        SentencePieceEncoding encoded = model.encode(part.text());
        for (Token p : encoded.tokens()) {
            tokens.add(new Token(p.id(), p.piece(), from + part.unionStart(p.start(), p.end()),
                    from + part.unionEnd(p.start(), p.end())));
        }
    }

    @Override
    public int eosId() {
        return eosId;
    }

    /** The id of {@code <pad>}, which SigLIP 2 pads with. */
    @Override
    public int padId() {
        return padId;
    }

    public int bosId() {
        return bosId;
    }

    @Override
    public int contextLength() {
        return options.contextLength();
    }

    @Override
    public int vocabularySize() {
        return vocabularySize;
    }

    @Override
    public SentencePieceModel model() {
        return model;
    }

    public Options options() {
        return options;
    }
}
