/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.model;

import dev.duet.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ModelChecksumTest {

    @Test
    void definingFilesCountAndNothingElse(@TempDir Path folder) throws IOException {
        Files.writeString(folder.resolve("config.json"), "{}");
        Files.write(folder.resolve("model.safetensors"), new byte[] {1, 2, 3});
        Files.write(folder.resolve("spiece.model"), new byte[] {4, 5});
        String first = ModelChecksum.of(folder);
        assertEquals(64, first.length());
        Files.writeString(folder.resolve("README.md"), "notes");
        Files.write(folder.resolve("training-curves.png"), new byte[] {9});
        assertEquals(first, ModelChecksum.of(folder), "logs and pictures beside the weights do not count");
        Files.write(folder.resolve("spiece.model"), new byte[] {4, 6});
        String tokenizerChanged = ModelChecksum.of(folder);
        assertNotEquals(first, tokenizerChanged, "SigLIP's SentencePiece model decides the ids");
        Files.writeString(folder.resolve("merges.txt"), "a b\n");
        String mergesAdded = ModelChecksum.of(folder);
        assertNotEquals(tokenizerChanged, mergesAdded, "CLIP's merges decide the ids");
        Files.writeString(folder.resolve("vocab.txt"), "[PAD]\n[UNK]\n");
        assertNotEquals(mergesAdded, ModelChecksum.of(folder), "BERT's WordPiece vocabulary (ALIGN's) decides the ids");
    }

    @Test
    void aFolderWithoutModelFilesIsRefused(@TempDir Path folder) throws IOException {
        Files.writeString(folder.resolve("README.md"), "notes");
        assertThrows(BadInputException.class, () -> ModelChecksum.of(folder));
        assertThrows(BadInputException.class, () -> ModelChecksum.of(folder.resolve("missing")));
    }
}
