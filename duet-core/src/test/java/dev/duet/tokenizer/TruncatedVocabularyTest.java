/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tokenizer;

import dev.duet.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CLIP's BPE cut to its first merges keeps CLIP's ids for every word those merges can build. */
class TruncatedVocabularyTest {

    @TempDir
    Path directory;

    @Test
    void wordsBuiltByTheKeptMergesKeepClipsIds() throws IOException {
        int size = TruncatedVocabulary.write(Fixtures.tinyModel(), directory, 8192);
        assertEquals(512 + 8192 + 2, size);
        ClipTokenizer cut = ClipTokenizer.load(directory, 77);
        ClipTokenizer full = ClipTokenizer.load(Fixtures.tinyModel(), 77);
        assertEquals(8704, cut.bosId());
        assertEquals(8705, cut.eosId());
        // every piece of this caption has a CLIP id below 512 + 8192
        int[] fullIds = full.encode("a red circle and a blue square").ids();
        int[] cutIds = cut.encode("a red circle and a blue square").ids();
        assertArrayEquals(java.util.Arrays.copyOfRange(fullIds, 1, fullIds.length - 1),
                java.util.Arrays.copyOfRange(cutIds, 1, cutIds.length - 1));
    }

    @Test
    void rareWordsSplitIntoPiecesOfTheSameText() throws IOException {
        TruncatedVocabulary.write(Fixtures.tinyModel(), directory, 2000);
        ClipTokenizer cut = ClipTokenizer.load(directory, 77);
        Encoding encoding = cut.encode("a hexagon");
        assertTrue(encoding.size() > 4, "hexagon needs several pieces with 2000 merges");
        StringBuilder text = new StringBuilder();
        for (Token token : encoding.tokens().subList(2, encoding.size() - 1)) {
            assertTrue(token.id() < 512 + 2000);
            text.append(cut.decode(token.piece()));
        }
        assertEquals("hexagon", text.toString().strip());
    }
}
