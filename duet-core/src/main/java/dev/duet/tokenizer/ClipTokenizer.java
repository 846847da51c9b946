/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tokenizer;

import dev.duet.BadInputException;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * OpenAI CLIP's tokenizer ({@code SimpleTokenizer} + {@code clip.tokenize(text,
 * truncate=True)}), read from a HuggingFace checkpoint's {@code vocab.json} and
 * {@code merges.txt}. The text is cleaned as CLIP does (ftfy.fix_text, html.unescape twice,
 * strip, whitespace runs to one space, lower-case), split into words, and each word's UTF-8
 * bytes are byte-pair encoded. Each token remembers the range of the caller's string it came
 * from. Thread-safe.
 */
public final class ClipTokenizer implements Tokenizer {

    private final Vocabulary vocabulary;
    private final BytePairEncoder encoder;
    private final int contextLength;
    private final int bosId;
    private final int eosId;

    private ClipTokenizer(Vocabulary vocabulary, MergeTable merges, int contextLength) {
        this.vocabulary = vocabulary;
        this.contextLength = contextLength;
        this.bosId = vocabulary.requireId(PreTokenizer.START_OF_TEXT);
        this.eosId = vocabulary.requireId(PreTokenizer.END_OF_TEXT);
        // HuggingFace's CLIP tokenizer uses "<|endoftext|>" for pieces a vocabulary lacks
        this.encoder = new BytePairEncoder(vocabulary, merges, eosId);
    }

    /**
     * Reads {@code vocab.json} and {@code merges.txt} from a checkpoint directory.
     *
     * @param contextLength the text tower's positions (config {@code max_position_embeddings}, 77 for CLIP)
     * @throws BadInputException naming the file that is missing or malformed
     */
    public static ClipTokenizer load(Path checkpointDir, int contextLength) {
        if (contextLength < 2) {
            throw new IllegalArgumentException("context length must hold BOS and EOS, got " + contextLength);
        }
        if (!Files.isDirectory(checkpointDir)) {
            throw new BadInputException(checkpointDir, "not a checkpoint directory");
        }
        Vocabulary vocabulary = Vocabulary.read(checkpointDir.resolve("vocab.json"));
        MergeTable merges = MergeTable.read(checkpointDir.resolve("merges.txt"), vocabulary);
        return new ClipTokenizer(vocabulary, merges, contextLength);
    }

    /** Tokens of a text: BOS, pieces, EOS; cut to the context length as clip.tokenize does. */
    @Override
    public Encoding encode(String text) {
        Objects.requireNonNull(text, "text");
        MappedText cleaned = clean(text);
        List<Token> tokens = new ArrayList<>();
        tokens.add(new Token(bosId, PreTokenizer.START_OF_TEXT, 0, 0));
        int maxPieces = contextLength - 2;
        for (PreTokenizer.Word word : PreTokenizer.split(cleaned.text())) {
            if (tokens.size() - 1 >= maxPieces) {
                break;
            }
            addWord(cleaned, word, tokens);
        }
        while (tokens.size() - 1 > maxPieces) {
            tokens.removeLast();
        }
        tokens.add(new Token(eosId, PreTokenizer.END_OF_TEXT, text.length(), text.length()));
        return new Encoding(text, tokens, 1, tokens.size() - 1);
    }

    /** Readable text of a vocabulary piece: "red&lt;/w&gt;" gives "red", "Ġ" gives a space. */
    public String decode(String piece) {
        return ByteSymbols.decode(piece);
    }

    /** The vocabulary piece with this id, or null if there is none. */
    public String piece(int id) {
        return vocabulary.piece(id);
    }

    @Override
    public int contextLength() {
        return contextLength;
    }

    @Override
    public int vocabularySize() {
        return vocabulary.size();
    }

    public int bosId() {
        return bosId;
    }

    public int eosId() {
        return eosId;
    }

    /** CLIP's basic_clean, whitespace_clean and lower(), keeping original spans. */
    static MappedText clean(String text) {
        MappedText t = TextFixer.fix(MappedText.of(text));
        t = HtmlEntities.unescapeLikePython(HtmlEntities.unescapeLikePython(t));
        t = PythonStringRules.strip(t);
        t = PythonStringRules.strip(PythonStringRules.collapseWhitespace(t));
        return PythonStringRules.lower(t);
    }

    private void addWord(MappedText cleaned, PreTokenizer.Word word, List<Token> tokens) {
        String w = cleaned.text().substring(word.start(), word.end());
        if (w.equals(PreTokenizer.START_OF_TEXT) || w.equals(PreTokenizer.END_OF_TEXT)) {
            int id = w.equals(PreTokenizer.START_OF_TEXT) ? bosId : eosId;
            tokens.add(new Token(id, w, cleaned.unionStart(word.start(), word.end()),
                    cleaned.unionEnd(word.start(), word.end())));
            return;
        }
        // charOfByte[b]: index in cleaned of the char that UTF-8 byte b of the word belongs to;
        // firstByte[b]: whether b is that char's first byte
        StringBuilder symbols = new StringBuilder(4 * w.length());
        List<Integer> charOfByte = new ArrayList<>(4 * w.length());
        List<Boolean> firstByte = new ArrayList<>(4 * w.length());
        for (int i = 0; i < w.length(); ) {
            int cp = w.codePointAt(i);
            byte[] utf8 = Character.toString(Character.isSurrogate((char) cp) && cp <= 0xFFFF ? 0xFFFD : cp)
                    .getBytes(StandardCharsets.UTF_8);
            for (int k = 0; k < utf8.length; k++) {
                symbols.append(ByteSymbols.symbol(utf8[k] & 0xFF));
                charOfByte.add(word.start() + i);
                firstByte.add(k == 0);
            }
            i += Character.charCount(cp);
        }
        BytePairEncoder.Pieces pieces = encoder.encode(symbols.toString());
        int byteStart = 0;
        for (int p = 0; p < pieces.ids().length; p++) {
            int byteEnd = byteStart + pieces.byteCounts()[p];
            int start = Integer.MAX_VALUE;
            int end = Integer.MIN_VALUE;
            for (int k = byteStart; k < byteEnd; k++) {
                if (firstByte.get(k)) {
                    int c = charOfByte.get(k);
                    int cEnd = c + Character.charCount(cleaned.text().codePointAt(c));
                    start = Math.min(start, cleaned.unionStart(c, cEnd));
                    end = Math.max(end, cleaned.unionEnd(c, cEnd));
                }
            }
            if (start == Integer.MAX_VALUE) {
                // only tail bytes of a char that began in an earlier piece
                int c = charOfByte.get(byteStart);
                start = cleaned.end(c);
                end = start;
            }
            int id = pieces.ids()[p];
            tokens.add(new Token(id, vocabulary.piece(id), start, end));
            byteStart = byteEnd;
        }
    }
}
