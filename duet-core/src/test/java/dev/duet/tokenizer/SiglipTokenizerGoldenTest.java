/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.duet.tokenizer.sentencepiece.SentencePieceFixtures;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.duet.tokenizer.sentencepiece.SentencePieceFixtures.escape;
import static dev.duet.tokenizer.sentencepiece.SentencePieceFixtures.ints;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Padded ids of every generated string against tools/sentencepiece/generate.py's
 * re-implementation of transformers' SiglipTokenizer text preparation over python3-sentencepiece,
 * lower-cased to 64 ids (SigLIP's settings) and cased to 16 (truncation).
 */
class SiglipTokenizerGoldenTest {

    private static final String STEM = SentencePieceFixtures.UNIGRAM_NFKC_BYTES;

    @Test
    void lowerCasedCaptionsPadToTheReferenceIds() {
        check(new SiglipTokenizer.Options(true, 64), "siglip");
    }

    @Test
    void casedCaptionsCutToSixteenGiveTheReferenceIds() {
        check(new SiglipTokenizer.Options(false, 16), "siglip_cased");
    }

    private static void check(SiglipTokenizer.Options options, String key) {
        SiglipTokenizer tokenizer = SiglipTokenizer.of(SentencePieceFixtures.model(STEM), options);
        JsonNode cases = SentencePieceFixtures.cases().get("models").get(STEM).get(key);
        List<String> strings = SentencePieceFixtures.strings();
        assertEquals(strings.size(), cases.size());
        List<String> failures = new ArrayList<>();
        for (int k = 0; k < strings.size(); k++) {
            String text = strings.get(k);
            JsonNode c = cases.get(k);
            int[] ids = tokenizer.encode(text).ids();
            if (!Arrays.equals(ints(c.get("ids")), ids)) {
                failures.add(escape(text) + ": expected " + c.get("ids") + " got " + Arrays.toString(ids));
            }
            Encoding e = tokenizer.encode(text);
            assertEquals(options.contextLength(), e.size(), escape(text));
            for (Token t : e.tokens()) {
                assertTrue(0 <= t.start() && t.start() <= t.end() && t.end() <= text.length(), escape(text) + ": " + t);
            }
        }
        assertTrue(strings.size() > 250, "too few cases");
        assertEquals(List.of(), failures);
    }
}
