/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tokenizer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The expected outputs of transformers' own BERT tokenizer tests (test_tokenization_bert.py),
 * carried over as facts: basic tokenisation under each casing and accent setting, punctuation,
 * CJK, control chars, WordPiece with [UNK], and the offsets of a sentence with [MASK] in it.
 * One difference is Duet's convention: [SEP] has the empty range at the text's end, where
 * transformers' fast tokenizer reports (0, 0).
 */
class WordPieceTransformersFactsTest {

    /** The vocabulary of transformers' BertTokenizationTest.setUp. */
    private static final List<String> VOCAB = List.of("[UNK]", "[CLS]", "[SEP]", "[PAD]", "[MASK]", "want", "##want",
            "##ed", "wa", "un", "runn", "##ing", ",", "low", "lowest");

    private static final String MIXED = " \tHäLLo!how  \n Are yoU?  ";

    @TempDir
    Path dir;

    private static List<String> words(String text, boolean lowerCase, boolean stripAccents, boolean chinese) {
        return BertTextPreparation.words(MappedText.of(text), lowerCase, stripAccents, chinese).stream()
                .map(MappedText::text).toList();
    }

    @Test
    void basicTokenisationUnderEveryCasingAndAccentSetting() {
        assertEquals(List.of("hello", "!", "how", "are", "you", "?"), words(" \tHeLLo!how  \n Are yoU?  ", true, true, true));
        assertEquals(List.of("hello"), words("H\u00E9llo", true, true, true));
        assertEquals(List.of("hällo", "!", "how", "are", "you", "?"), words(MIXED, true, false, true));
        assertEquals(List.of("h\u00E9llo"), words("H\u00E9llo", true, false, true));
        assertEquals(List.of("hallo", "!", "how", "are", "you", "?"), words(MIXED, true, true, true));
        assertEquals(List.of("HeLLo", "!", "how", "Are", "yoU", "?"), words(" \tHeLLo!how  \n Are yoU?  ", false, false, true));
        assertEquals(List.of("HäLLo", "!", "how", "Are", "yoU", "?"), words(MIXED, false, false, true));
        assertEquals(List.of("HaLLo", "!", "how", "Are", "yoU", "?"), words(MIXED, false, true, true));
    }

    @Test
    void punctuationCjkAndControlChars() {
        assertEquals(List.of("a", "'", "ll", "!", "!", "to", "?", "'", "d", "of", ",", "can", "'", "t", "."),
                words("a\n'll !!to?'d of, can't.", true, true, true));
        assertEquals(List.of("ah", "\u535A", "\u63A8", "zz"), words("ah\u535A\u63A8zz", true, true, true));
        assertEquals(List.of(), words("\u200E\u200F", true, true, true));
        assertEquals(List.of(), words("\u00AD", true, true, true));
        assertTrue(BertTextPreparation.isWhitespace('\u00A0') && !BertTextPreparation.isWhitespace('-'));
        assertTrue(BertTextPreparation.isControl(0x05) && !BertTextPreparation.isControl('\t'));
        assertTrue(BertTextPreparation.isPunctuation('$') && BertTextPreparation.isPunctuation('`')
                && !BertTextPreparation.isPunctuation('A'));
    }

    @Test
    void fullTokenizerGivesTransformersIds() throws IOException {
        WordPieceTokenizer tokenizer = tokenizer(VOCAB, true);
        assertArrayEquals(new int[] {1, 9, 6, 7, 12, 10, 11, 2}, tokenizer.encode("UNwant\u00E9d,running").ids());
        assertArrayEquals(new int[] {1, 9, 6, 7, 10, 11, 2}, tokenizer.encode("unwanted running").ids());
        assertArrayEquals(new int[] {1, 0, 10, 11, 2}, tokenizer.encode("unwantedX running").ids());
        assertArrayEquals(new int[] {1, 0, 2}, tokenizer.encode("Test").ids());
        assertArrayEquals(new int[] {1, 2}, tokenizer.encode("\u00AD").ids());
    }

    @Test
    void unsplitChineseCharsContinueTheWord() throws IOException {
        List<String> vocab = List.of("[UNK]", "[CLS]", "[SEP]", "[PAD]", "的", "人", "有", "##的", "##人", "##有");
        Path file = write(vocab);
        WordPieceTokenizer split = WordPieceTokenizer.read(file, new WordPieceTokenizer.Options(true, true, true, 512));
        WordPieceTokenizer whole = WordPieceTokenizer.read(file, new WordPieceTokenizer.Options(true, true, false, 512));
        assertEquals(List.of("[CLS]", "的", "人", "有", "[SEP]"), pieces(split.encode("的人有")));
        assertEquals(List.of("[CLS]", "的", "##人", "##有", "[SEP]"), pieces(whole.encode("的人有")));
    }

    @Test
    void offsetsOfASentenceWithAMaskToken() throws IOException {
        String sentence = "A, naïve [MASK] AllenNLP sentence.";
        List<String> vocab = List.of("[UNK]", "[CLS]", "[SEP]", "[PAD]", "[MASK]", "a", "A", ",", "naive", "na", "##ï",
                "##ve", "allen", "Allen", "##nl", "##NL", "##p", "##P", "sentence", ".");
        Encoding uncased = tokenizer(vocab, true).encode(sentence);
        assertEquals(List.of("[CLS]", "a", ",", "naive", "[MASK]", "allen", "##nl", "##p", "sentence", ".", "[SEP]"),
                pieces(uncased));
        assertEquals(List.of(0, 0, 0, 1, 1, 2, 3, 8, 9, 15, 16, 21, 21, 23, 23, 24, 25, 33, 33, 34, 34, 34),
                offsets(uncased));
        Encoding cased = tokenizer(vocab, false).encode(sentence);
        assertEquals(List.of("[CLS]", "A", ",", "na", "##ï", "##ve", "[MASK]", "Allen", "##NL", "##P", "sentence", ".",
                "[SEP]"), pieces(cased));
        assertEquals(List.of(0, 0, 0, 1, 1, 2, 3, 5, 5, 6, 6, 8, 9, 15, 16, 21, 21, 23, 23, 24, 25, 33, 33, 34, 34, 34),
                offsets(cased));
    }

    private WordPieceTokenizer tokenizer(List<String> vocab, boolean lowerCase) throws IOException {
        return WordPieceTokenizer.read(write(vocab), new WordPieceTokenizer.Options(lowerCase, lowerCase, true, 512));
    }

    private Path write(List<String> vocab) throws IOException {
        Path file = dir.resolve("vocab.txt");
        Files.writeString(file, String.join("\n", vocab) + "\n");
        return file;
    }

    private static List<String> pieces(Encoding encoding) {
        return encoding.tokens().stream().map(Token::piece).toList();
    }

    private static List<Integer> offsets(Encoding encoding) {
        return encoding.tokens().stream().flatMap(t -> java.util.stream.Stream.of(t.start(), t.end())).toList();
    }
}
