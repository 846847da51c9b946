/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tokenizer;

import dev.duet.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** WordPiece's behaviours by example, and one-line refusals of a bad {@code vocab.txt}. */
class WordPieceTokenizerTest {

    private static final String VOCAB = "[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\nun\n##aff\n##able\nhello\n,\nworld\n!\n";

    @TempDir
    Path dir;

    @Test
    void greedyLongestMatchSplitsAWordIntoContinuationPieces() throws IOException {
        Encoding e = tokenizer(VOCAB, 512).encode("Unaffable");
        assertEquals(List.of("[CLS]", "un", "##aff", "##able", "[SEP]"), e.tokens().stream().map(Token::piece).toList());
        assertEquals(List.of(0, 0, 2, 5, 9), e.tokens().stream().map(Token::start).toList());
        assertEquals(Encoding.Role.BOS, e.role(0));
        assertEquals(Encoding.Role.EOS, e.role(4));
    }

    @Test
    void aWordWithAnUncoveredCharIsOneUnknownSpanningTheWord() throws IOException {
        Encoding e = tokenizer(VOCAB, 512).encode("hello unaffablex, world");
        assertEquals(List.of("[CLS]", "hello", "[UNK]", ",", "world", "[SEP]"),
                e.tokens().stream().map(Token::piece).toList());
        Token unknown = e.tokens().get(2);
        assertEquals(6, unknown.start());
        assertEquals(16, unknown.end());
    }

    @Test
    void paddingIsMaskedOutAndTruncationKeepsSep() throws IOException {
        WordPieceTokenizer tokenizer = tokenizer(VOCAB, 4);
        Encoding cut = tokenizer.encode("hello world hello");
        assertEquals(List.of("[CLS]", "hello", "world", "[SEP]"), cut.tokens().stream().map(Token::piece).toList());
        Encoding padded = tokenizer.pad(tokenizer.encode("hello"), 5);
        assertArrayEquals(new int[] {2, 8, 3, 0, 0}, padded.ids());
        assertArrayEquals(new int[] {1, 1, 1, 0, 0}, padded.attentionMask());
        assertEquals(Encoding.Role.PADDING, padded.role(4));
    }

    @Test
    void aVocabularyWithoutUnkIsRefusedNamingTheFile() throws IOException {
        BadInputException e = assertThrows(BadInputException.class,
                () -> tokenizer(VOCAB.replace("[UNK]\n", ""), 512));
        assertTrue(e.getMessage().contains("vocab.txt") && e.getMessage().contains("[UNK]"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    @Test
    void anEmptyVocabularyIsRefused() throws IOException {
        BadInputException e = assertThrows(BadInputException.class, () -> tokenizer("", 512));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
    }

    @Test
    void aVocabularyThatIsNotUtf8IsRefused() throws IOException {
        Path file = dir.resolve("vocab.txt");
        Files.write(file, new byte[] {'[', 'U', 'N', 'K', ']', '\n', (byte) 0xFF, '\n'});
        BadInputException e = assertThrows(BadInputException.class,
                () -> WordPieceTokenizer.read(file, WordPieceTokenizer.Options.uncased(8)));
        assertTrue(e.getMessage().contains("UTF-8"), e.getMessage());
    }

    @Test
    void aMissingVocabularyIsNamed() {
        BadInputException e = assertThrows(BadInputException.class,
                () -> WordPieceTokenizer.read(dir.resolve("vocab.txt"), WordPieceTokenizer.Options.uncased(8)));
        assertTrue(e.getMessage().contains("vocab.txt") && e.getMessage().contains("not found"), e.getMessage());
    }

    @Test
    void crlfLinesAndDuplicatesReadAsGooglesLoadVocab() throws IOException {
        WordPieceTokenizer tokenizer = tokenizer(VOCAB.replace("\n", "\r\n") + "hello", 512);
        assertArrayEquals(new int[] {2, 12, 3}, tokenizer.encode("hello").ids());
        assertEquals(13, tokenizer.vocabularySize());
    }

    private WordPieceTokenizer tokenizer(String vocab, int contextLength) throws IOException {
        Path file = dir.resolve("vocab.txt");
        Files.writeString(file, vocab);
        return WordPieceTokenizer.read(file, WordPieceTokenizer.Options.uncased(contextLength));
    }
}
