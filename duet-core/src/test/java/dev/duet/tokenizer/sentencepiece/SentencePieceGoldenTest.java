/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tokenizer.sentencepiece;

import com.fasterxml.jackson.databind.JsonNode;
import dev.duet.tokenizer.Token;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.duet.tokenizer.sentencepiece.SentencePieceFixtures.escape;
import static dev.duet.tokenizer.sentencepiece.SentencePieceFixtures.ints;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every generated string, through every reference model, against the ids and character spans
 * of Debian's python3-sentencepiece 0.1.97 (tools/sentencepiece/generate.py).
 */
class SentencePieceGoldenTest {

    @ParameterizedTest
    @ValueSource(strings = {SentencePieceFixtures.UNIGRAM_NFKC_BYTES, SentencePieceFixtures.UNIGRAM_IDENTITY,
            SentencePieceFixtures.BPE_NFKC_BYTES, SentencePieceFixtures.UNIGRAM_RULES,
            SentencePieceFixtures.BPE_IDENTITY_SUFFIX, SentencePieceFixtures.BPE_IDENTITY_UNESCAPED})
    void everyStringGivesTheReferenceIds(String stem) {
        SentencePieceModel model = SentencePieceFixtures.model(stem);
        JsonNode expected = SentencePieceFixtures.cases().get("models").get(stem);
        assertEquals(expected.get("pieces").asInt(), model.size());
        List<String> strings = SentencePieceFixtures.strings();
        List<String> failures = new ArrayList<>();
        for (int k = 0; k < strings.size(); k++) {
            String text = strings.get(k);
            JsonNode c = expected.get("cases").get(k);
            int[] ids = model.encode(text).ids();
            if (!Arrays.equals(ints(c.get("ids")), ids)) {
                failures.add(escape(text) + ": expected " + c.get("ids") + " got " + Arrays.toString(ids));
            }
        }
        assertEquals(strings.size(), expected.get("cases").size());
        assertTrue(strings.size() > 250, "too few cases");
        assertEquals(List.of(), failures);
    }

    @ParameterizedTest
    @ValueSource(strings = {SentencePieceFixtures.UNIGRAM_NFKC_BYTES, SentencePieceFixtures.UNIGRAM_IDENTITY,
            SentencePieceFixtures.BPE_NFKC_BYTES, SentencePieceFixtures.UNIGRAM_RULES,
            SentencePieceFixtures.BPE_IDENTITY_SUFFIX, SentencePieceFixtures.BPE_IDENTITY_UNESCAPED})
    void everyTokenSpansTheReferenceCharacters(String stem) {
        SentencePieceModel model = SentencePieceFixtures.model(stem);
        List<String> strings = SentencePieceFixtures.strings();
        JsonNode cases = SentencePieceFixtures.cases().get("models").get(stem).get("cases");
        List<String> failures = new ArrayList<>();
        for (int k = 0; k < strings.size(); k++) {
            String text = strings.get(k);
            List<Token> tokens = model.encode(text).tokens();
            List<String> actual = tokens.stream().map(t -> "[" + t.start() + "," + t.end() + "]").toList();
            List<String> reference = new ArrayList<>();
            JsonNode spans = cases.get(k).get("spans");
            for (int i = 0; i + 1 < spans.size(); i += 2) {
                reference.add("[" + spans.get(i).asInt() + "," + spans.get(i + 1).asInt() + "]");
            }
            if (!reference.equals(actual)) {
                failures.add(escape(text) + ": expected " + reference + " got " + actual);
            }
        }
        assertEquals(List.of(), failures);
    }
}
