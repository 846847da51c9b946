/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tokenizer.sentencepiece;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * The models trained by tools/sentencepiece/generate.py with Debian's python3-sentencepiece
 * 0.1.97 and the expected encodings it wrote; a missing one fails the test.
 */
public final class SentencePieceFixtures {

    /** The reference models, by file stem (see MODELS and DERIVED in the generator for how each was made). */
    public static final String UNIGRAM_NFKC_BYTES = "unigram-nfkc-bytes";
    public static final String UNIGRAM_IDENTITY = "unigram-identity";
    public static final String BPE_NFKC_BYTES = "bpe-nfkc-bytes";
    public static final String UNIGRAM_RULES = "unigram-rules";
    public static final String BPE_IDENTITY_SUFFIX = "bpe-identity-suffix";
    public static final String BPE_IDENTITY_UNESCAPED = "bpe-identity-unescaped";

    private static final Map<String, SentencePieceModel> MODELS = new ConcurrentHashMap<>();
    private static JsonNode cases;

    private SentencePieceFixtures() {
    }

    public static Path path(String name) {
        URL url = SentencePieceFixtures.class.getResource(name);
        assertNotNull(url, "missing test resource " + name);
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static SentencePieceModel model(String stem) {
        return MODELS.computeIfAbsent(stem, s -> SentencePieceModel.read(path(s + ".model")));
    }

    /**
     * sentencepiece-cases.json: {"strings": [{text}], "models": {stem: {"pieces", "cases": [{ids, spans}],
     * ...}}}, each list of cases in the order of the strings; spans are flat [start0, end0, start1, ...].
     */
    public static synchronized JsonNode cases() {
        if (cases == null) {
            try {
                cases = new ObjectMapper().readTree(path("sentencepiece-cases.json").toFile());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return cases;
    }

    /** The generated strings, in the order of every list of cases. */
    public static List<String> strings() {
        List<String> out = new ArrayList<>();
        cases().get("strings").forEach(s -> out.add(s.get("text").asText()));
        return out;
    }

    public static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asInt();
        }
        return out;
    }

    /** The text with control chars and non-BMP chars escaped, for failure messages. */
    public static String escape(String s) {
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
