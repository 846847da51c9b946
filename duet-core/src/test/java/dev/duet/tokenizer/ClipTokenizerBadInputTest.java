/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tokenizer;

import dev.duet.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Malformed checkpoint tokenizer files are reported as BadInputException naming the file. */
class ClipTokenizerBadInputTest {

    @TempDir
    Path dir;

    private static final String GOOD_MERGES = "#version: 0.2\nr e\nre d</w>\n";

    @Test
    void emptyDirectoryNamesVocabJson() throws IOException {
        assertFailsOn("vocab.json", "not found");
    }

    @Test
    void missingMergesIsNamed() throws IOException {
        Files.writeString(dir.resolve("vocab.json"), SmallVocabulary.json());
        assertFailsOn("merges.txt", "not found");
    }

    @Test
    void malformedJson() throws IOException {
        write("{\"a\": 1, \"b\": ", GOOD_MERGES);
        assertFailsOn("vocab.json", "malformed JSON");
    }

    @Test
    void notAnObject() throws IOException {
        write("[\"a\", \"b\"]", GOOD_MERGES);
        assertFailsOn("vocab.json", "JSON object");
    }

    @Test
    void idOfWrongType() throws IOException {
        write("{\"a\": \"one\"}", GOOD_MERGES);
        assertFailsOn("vocab.json", "not an integer");
        write("{\"a\": 1.5}", GOOD_MERGES);
        assertFailsOn("vocab.json", "not an integer");
        write("{\"a\": 99999999999}", GOOD_MERGES);
        assertFailsOn("vocab.json", "not an integer");
    }

    @Test
    void negativeOrDuplicateIds() throws IOException {
        write("{\"a\": -1}", GOOD_MERGES);
        assertFailsOn("vocab.json", "outside");
        write("{\"a\": 1, \"b\": 1}", GOOD_MERGES);
        assertFailsOn("vocab.json", "given to both");
        write("{\"a\": 1, \"a\": 2}", GOOD_MERGES);
        assertFailsOn("vocab.json", "listed twice");
    }

    @Test
    void missingSpecialTokens() throws IOException {
        write(SmallVocabulary.json().replace("\"<|startoftext|>\"", "\"<|sot|>\""), GOOD_MERGES);
        assertFailsOn("vocab.json", "<|startoftext|>");
    }

    @Test
    void mergesWithBadLine() throws IOException {
        write(SmallVocabulary.json(), "#version: 0.2\nr e\nred\n");
        assertFailsOn("merges.txt", "line 3");
        write(SmallVocabulary.json(), "#version: 0.2\nr  e\n");
        assertFailsOn("merges.txt", "line 2");
        write(SmallVocabulary.json(), "#version: 0.2\nr e x\n");
        assertFailsOn("merges.txt", "line 2");
    }

    @Test
    void mergesWithUnknownSymbols() throws IOException {
        write(SmallVocabulary.json(), "#version: 0.2\nr e\nzz q\n");
        assertFailsOn("merges.txt", "\"zz\"");
        write(SmallVocabulary.json(), "#version: 0.2\na b\n");
        assertFailsOn("merges.txt", "\"ab\"");
    }

    @Test
    void mergesNotUtf8() throws IOException {
        Files.writeString(dir.resolve("vocab.json"), SmallVocabulary.json());
        Files.write(dir.resolve("merges.txt"), new byte[]{'r', ' ', (byte) 0xC3, '\n'});
        assertFailsOn("merges.txt", "UTF-8");
    }

    @Test
    void notADirectory() throws IOException {
        Path file = Files.writeString(dir.resolve("plain.txt"), "x");
        BadInputException e = assertThrows(BadInputException.class, () -> ClipTokenizer.load(file, 77));
        assertEquals(file, e.file());
    }

    private void write(String vocab, String merges) throws IOException {
        Files.writeString(dir.resolve("vocab.json"), vocab, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("merges.txt"), merges, StandardCharsets.UTF_8);
    }

    private void assertFailsOn(String fileName, String problem) {
        BadInputException e = assertThrows(BadInputException.class, () -> ClipTokenizer.load(dir, 77));
        assertEquals(dir.resolve(fileName), e.file(), e.getMessage());
        assertTrue(e.getMessage().startsWith(dir.resolve(fileName).toString() + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
        assertEquals(-1, e.getMessage().indexOf('\n'), "one line: " + e.getMessage());
    }
}
