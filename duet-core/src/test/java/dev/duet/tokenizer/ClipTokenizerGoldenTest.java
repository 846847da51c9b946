/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 200+ harder strings (mojibake, entities, scripts, emoji, combining marks, special tokens,
 * truncation) against ids from OpenAI's SimpleTokenizer with ftfy 6.3.1; see the generator
 * note in clip-tokenize-cases.json.
 */
class ClipTokenizerGoldenTest {

    private final ClipTokenizer tokenizer = TokenizerFixtures.tiny();

    @Test
    void everyGoldenCaseGivesTheReferenceIds() {
        JsonNode golden = TokenizerFixtures.golden("clip-tokenize-cases.json");
        assertEquals(77, golden.get("context_length").asInt());
        List<String> failures = new ArrayList<>();
        int count = 0;
        for (JsonNode c : golden.get("cases")) {
            String text = c.get("text").asText();
            int[] expected = new int[c.get("ids").size()];
            for (int i = 0; i < expected.length; i++) {
                expected[i] = c.get("ids").get(i).asInt();
            }
            int[] actual = tokenizer.encode(text).ids();
            if (!java.util.Arrays.equals(expected, actual)) {
                failures.add(escape(text) + ": expected " + java.util.Arrays.toString(expected)
                        + " got " + java.util.Arrays.toString(actual));
            }
            count++;
        }
        assertTrue(count > 200, "golden file too small: " + count);
        assertEquals(List.of(), failures);
    }

    @Test
    void everySpanLiesInsideTheOriginalText() {
        for (JsonNode c : TokenizerFixtures.golden("clip-tokenize-cases.json").get("cases")) {
            String text = c.get("text").asText();
            Encoding encoding = tokenizer.encode(text);
            assertEquals(text, encoding.text());
            for (Token t : encoding.tokens()) {
                assertTrue(0 <= t.start() && t.start() <= t.end() && t.end() <= text.length(),
                        escape(text) + ": " + t);
                assertEquals(t.piece(), tokenizer.piece(t.id()), escape(text) + ": " + t);
            }
        }
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder("\"");
        s.codePoints().forEach(cp -> {
            if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || cp > 0xFFFF) {
                b.append(String.format("\\u{%X}", cp));
            } else {
                b.appendCodePoint(cp);
            }
        });
        return b.append('"').toString();
    }
}
