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

/** A checkpoint with a truncated merge list and a smaller vocabulary: ids are whatever vocab.json says. */
class SmallVocabularyTest {

    @TempDir
    Path dir;

    private ClipTokenizer load(int contextLength) throws IOException {
        Files.writeString(dir.resolve("vocab.json"), SmallVocabulary.json());
        Files.writeString(dir.resolve("merges.txt"), SmallVocabulary.merges());
        return ClipTokenizer.load(dir, contextLength);
    }

    private static int id(String piece) {
        return SmallVocabulary.pieces().indexOf(piece);
    }

    @Test
    void mergesApplyInRankOrder() throws IOException {
        ClipTokenizer tokenizer = load(77);
        assertEquals(520, tokenizer.vocabularySize());
        assertEquals(518, tokenizer.bosId());
        assertEquals(519, tokenizer.eosId());
        // "red": r e -> re (rank 0) before e d</w> (rank 2), then re d</w> -> red</w>
        assertArrayEquals(new int[]{518, id("red</w>"), 519}, tokenizer.encode("Red").ids());
        // "bed": only e d</w> applies
        assertArrayEquals(new int[]{518, id("b"), id("ed</w>"), 519}, tokenizer.encode("bed").ids());
        // "café" written as mojibake: ftfy repairs it, then c a, ca f, Ã ©</w> apply
        Encoding cafe = tokenizer.encode("caf\u00C3\u00A9");
        assertEquals(List.of("<|startoftext|>", "caf", "Ã©</w>", "<|endoftext|>"),
                cafe.tokens().stream().map(Token::piece).toList());
        assertEquals(new Token(id("caf"), "caf", 0, 3), cafe.tokens().get(1));
        assertEquals(new Token(id("Ã©</w>"), "Ã©</w>", 3, 5), cafe.tokens().get(2));
        assertEquals("é", tokenizer.decode("Ã©</w>"));
    }

    @Test
    void splitMultiByteCharGivesItsTailAnEmptySpan() throws IOException {
        ClipTokenizer tokenizer = load(77);
        // "€" is E2 82 AC: no merges, three byte pieces; only the first holds the char's start
        List<Token> tokens = tokenizer.encode("a€").tokens();
        assertEquals(List.of(new Token(id("a</w>"), "a</w>", 0, 1), new Token(id("â"), "â", 1, 2),
                new Token(id("Ĥ"), "Ĥ", 2, 2), new Token(id("¬</w>"), "¬</w>", 2, 2)), tokens.subList(1, 5));
    }

    @Test
    void truncationKeepsBosAndEndsWithEos() throws IOException {
        ClipTokenizer tokenizer = load(4);
        assertArrayEquals(new int[]{518, id("red</w>"), id("b"), 519}, tokenizer.encode("red bed red").ids());
        assertArrayEquals(new int[]{518, 519}, tokenizer.encode("").ids());
        Encoding cut = tokenizer.encode("red bed red");
        assertEquals(new Token(519, "<|endoftext|>", 11, 11), cut.tokens().getLast());
        assertEquals(3, cut.eosIndex());
        assertEquals(new Encoding.TokenRange(1, 3), cut.textTokens());
        assertEquals(Encoding.Role.BOS, cut.role(0));
        assertEquals(Encoding.Role.EOS, cut.role(3));
    }
}
