/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ids and character offsets of 377 hard strings (accents precomposed and combining, CJK, kana,
 * Hangul, emoji and ZWJ sequences, control and format chars, every kind of whitespace, Greek
 * sigma, Turkish dotted I, punctuation of all categories, literal special tokens, words of 99 to
 * 180 chars) against tools/references/wordpiece.py, an independent Python reading of Google's
 * tokenization.py, under six option sets (uncased, cased, lower-cased with accents kept, cased
 * with accents stripped, CJK not split, cut to 16 positions) over the vocabulary it generated.
 */
class WordPieceTokenizerGoldenTest {

    private static final String DIR = "/dev/duet/tokenizer/wordpiece/";

    @Test
    void uncasedEncodingsEqualTheReference() {
        check("uncased");
    }

    @Test
    void casedEncodingsEqualTheReference() {
        check("cased");
    }

    @Test
    void lowerCasingWithoutAccentStrippingEqualsTheReference() {
        check("lower_keep_accents");
    }

    @Test
    void accentStrippingWithoutLowerCasingEqualsTheReference() {
        check("cased_strip_accents");
    }

    @Test
    void unsplitChineseCharsEqualTheReference() {
        check("no_cjk_split");
    }

    @Test
    void encodingsCutToSixteenPositionsEqualTheReference() {
        check("uncased_16");
    }

    private static void check(String optionSet) {
        JsonNode root = cases();
        JsonNode set = root.get("options").get(optionSet);
        WordPieceTokenizer.Options options = new WordPieceTokenizer.Options(set.get("do_lower_case").asBoolean(),
                set.get("strip_accents").asBoolean(), set.get("tokenize_chinese_chars").asBoolean(),
                set.get("context_length").asInt());
        WordPieceTokenizer tokenizer = WordPieceTokenizer.read(resource("vocab.txt"), options);
        JsonNode strings = root.get("strings");
        JsonNode cases = set.get("cases");
        assertEquals(strings.size(), cases.size());
        List<String> failures = new ArrayList<>();
        for (int k = 0; k < strings.size(); k++) {
            String text = strings.get(k).asText();
            Encoding encoding = tokenizer.encode(text);
            StringBuilder got = new StringBuilder();
            StringBuilder expected = new StringBuilder();
            JsonNode c = cases.get(k);
            for (int i = 0; i < c.get("ids").size(); i++) {
                JsonNode offsets = c.get("offsets").get(i);
                expected.append(c.get("ids").get(i).asInt()).append('@').append(offsets.get(0).asInt()).append('-')
                        .append(offsets.get(1).asInt()).append(' ');
            }
            for (Token t : encoding.tokens()) {
                got.append(t.id()).append('@').append(t.start()).append('-').append(t.end()).append(' ');
            }
            if (!expected.toString().contentEquals(got)) {
                failures.add(escape(text) + ":\n expected " + expected + "\n      got " + got);
            }
            assertTrue(encoding.size() <= options.contextLength());
        }
        assertTrue(strings.size() > 300, "too few cases");
        assertEquals(List.of(), failures);
    }

    static JsonNode cases() {
        try (InputStream in = WordPieceTokenizerGoldenTest.class.getResourceAsStream(DIR + "wordpiece-cases.json")) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path resource(String name) {
        try {
            return Path.of(WordPieceTokenizerGoldenTest.class.getResource(DIR + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String escape(String s) {
        StringBuilder out = new StringBuilder();
        s.codePoints().forEach(cp -> out.append(cp >= 0x20 && cp < 0x7F ? Character.toString(cp)
                : String.format("\\u{%x}", cp)));
        return out.toString();
    }
}
