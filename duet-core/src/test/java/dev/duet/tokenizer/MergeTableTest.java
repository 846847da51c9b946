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

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The merge table against the rule it follows: ranks by line, a later duplicate wins, as a Python dict built from the list. */
class MergeTableTest {

    @TempDir
    Path dir;

    @Test
    void ranksAreLinePositionsAndALaterDuplicateTakesItsLaterRank() throws IOException {
        Files.writeString(dir.resolve("vocab.json"), "{\"a\": 0, \"b\": 1, \"c\": 2, \"d\": 3, \"ab\": 4, \"cd\": 5}");
        Files.writeString(dir.resolve("merges.txt"), "#version: 0.2\na b\nc d\na b\n\n");
        Vocabulary vocabulary = Vocabulary.read(dir.resolve("vocab.json"));
        MergeTable merges = MergeTable.read(dir.resolve("merges.txt"), vocabulary);

        assertEquals(2, merges.size());
        long ab = merges.lookup(0, 1);
        assertEquals(2, MergeTable.rank(ab));
        assertEquals(4, MergeTable.mergedId(ab));
        long cd = merges.lookup(2, 3);
        assertEquals(1, MergeTable.rank(cd));
        assertEquals(5, MergeTable.mergedId(cd));
        assertEquals(-1, merges.lookup(1, 0));
    }
}
