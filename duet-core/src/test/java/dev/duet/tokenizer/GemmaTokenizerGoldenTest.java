/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.duet.tokenizer.sentencepiece.SentencePieceFixtures;
import dev.duet.tokenizer.sentencepiece.SentencePieceModel;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.duet.tokenizer.sentencepiece.SentencePieceFixtures.escape;
import static dev.duet.tokenizer.sentencepiece.SentencePieceFixtures.ints;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A small Gemma-like BPE model (byte fallback, digits split, whitespace-only and user-defined
 * pieces, identity normaliser without dummy prefix), trained by tools/references/gemma_tokenizer.py
 * with Debian's python3-sentencepiece 0.1.97, and every generated string against the ids and
 * spans it wrote: sentencepiece's own, and SigLIP 2's text preparation (its re-implementation of
 * transformers' GemmaTokenizer as SigLIP 2's processor calls it) to 64 ids, the same lower-cased
 * (transformers 5's Siglip2Tokenizer), and cut to 12 with BOS.
 */
class GemmaTokenizerGoldenTest {

    static final Path FOLDER = SentencePieceFixtures.path("../gemma/tokenizer.model").getParent();
    private static final JsonNode CASES = read(FOLDER.resolve("gemma-cases.json"));

    @Test
    void theModelEncodesEveryStringAsSentencepiece() {
        SentencePieceModel model = SentencePieceModel.read(FOLDER.resolve("tokenizer.model"));
        assertEquals(CASES.get("pieces").asInt(), model.size());
        List<String> failures = new ArrayList<>();
        List<String> strings = strings();
        for (int k = 0; k < strings.size(); k++) {
            List<Token> tokens = model.encode(strings.get(k)).tokens();
            compare(strings.get(k), tokens, CASES.get("sentencepiece_cases").get(k), failures);
        }
        assertEquals(List.of(), failures);
    }

    @Test
    void siglip2CaptionsGiveTheReferenceIdsAndSpans() {
        check(GemmaTokenizer.Options.SIGLIP2.contextLength(), false, false, "siglip2");
    }

    @Test
    void lowerCasedCaptionsGiveTheReferenceIdsAndSpans() {
        check(64, false, true, "siglip2_lowercased");
    }

    @Test
    void captionsCutToTwelveWithBosGiveTheReferenceIdsAndSpans() {
        check(12, true, false, "siglip2_cut_12_with_bos");
    }

    private static void check(int contextLength, boolean addBos, boolean lowerCase, String key) {
        GemmaTokenizer tokenizer = tokenizer(new GemmaTokenizer.Options(addBos, lowerCase, contextLength, addedTokens()));
        JsonNode cases = CASES.get(key);
        List<String> strings = strings();
        assertEquals(strings.size(), cases.size());
        assertTrue(strings.size() > 300, "too few cases");
        List<String> failures = new ArrayList<>();
        for (int k = 0; k < strings.size(); k++) {
            String text = strings.get(k);
            Encoding e = tokenizer.encode(text);
            assertEquals(contextLength, e.size(), escape(text));
            compare(text, e.tokens(), cases.get(k), failures);
            assertEquals(tokenizer.eosId(), e.ids()[e.eosIndex()], escape(text));
            assertEquals(addBos ? Encoding.Role.BOS : e.textTokens().isEmpty() ? Encoding.Role.EOS : Encoding.Role.TEXT,
                    e.role(0), escape(text));
        }
        assertEquals(List.of(), failures);
    }

    private static void compare(String text, List<Token> tokens, JsonNode expected, List<String> failures) {
        int[] ids = tokens.stream().mapToInt(Token::id).toArray();
        List<String> spans = tokens.stream().map(t -> t.start() + "-" + t.end()).toList();
        List<String> reference = new ArrayList<>();
        JsonNode s = expected.get("spans");
        for (int i = 0; i + 1 < s.size(); i += 2) {
            reference.add(s.get(i).asInt() + "-" + s.get(i + 1).asInt());
        }
        if (!Arrays.equals(ints(expected.get("ids")), ids) || !reference.equals(spans)) {
            failures.add(escape(text) + ": expected " + expected + " got " + Arrays.toString(ids) + " " + spans);
        }
    }

    static GemmaTokenizer tokenizer(GemmaTokenizer.Options options) {
        return GemmaTokenizer.read(FOLDER.resolve("tokenizer.model"), options);
    }

    /** tokenizer_config.json's added_tokens_decoder as text to id. */
    static Map<String, Integer> addedTokens() {
        Map<String, Integer> out = new HashMap<>();
        read(FOLDER.resolve("tokenizer_config.json")).get("added_tokens_decoder").properties()
                .forEach(e -> out.put(e.getValue().get("content").asText(), Integer.parseInt(e.getKey())));
        return out;
    }

    private static List<String> strings() {
        List<String> out = new ArrayList<>();
        CASES.get("strings").forEach(s -> out.add(s.get("text").asText()));
        return out;
    }

    private static JsonNode read(Path file) {
        try {
            return new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
