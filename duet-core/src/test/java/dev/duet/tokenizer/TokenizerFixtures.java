/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Locates the shared reference fixtures and this package's golden files; a missing one fails the test. */
final class TokenizerFixtures {

    static final int CONTEXT_LENGTH = 77;

    private static ClipTokenizer tiny;

    private TokenizerFixtures() {
    }

    static Path shared(String... parts) {
        String root = System.getProperty("duet.shared");
        assertTrue(root != null, "system property duet.shared is not set (run through Maven)");
        Path p = Path.of(root, "fixtures");
        for (String part : parts) {
            p = p.resolve(part);
        }
        assertTrue(Files.exists(p), "missing fixture " + p);
        return p;
    }

    static synchronized ClipTokenizer tiny() {
        if (tiny == null) {
            tiny = ClipTokenizer.load(shared("models", "tiny"), CONTEXT_LENGTH);
        }
        return tiny;
    }

    static JsonNode inputs() {
        try {
            return new ObjectMapper().readTree(shared("inputs.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode golden(String name) {
        try (InputStream in = TokenizerFixtures.class.getResourceAsStream(name)) {
            assertTrue(in != null, "missing test resource " + name);
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ids of a clip.tokenize row up to and including the first EOS; asserts the rest is 0 padding. */
    static int[] unpadded(JsonNode row, int eosId) {
        int n = row.size();
        int eos = -1;
        for (int i = 0; i < n; i++) {
            if (row.get(i).asInt() == eosId) {
                eos = i;
                break;
            }
        }
        assertTrue(eos > 0, "fixture row has no EOS: " + row);
        for (int i = eos + 1; i < n; i++) {
            assertTrue(row.get(i).asInt() == 0, "fixture row is not 0-padded after EOS: " + row);
        }
        int[] ids = new int[eos + 1];
        for (int i = 0; i <= eos; i++) {
            ids[i] = row.get(i).asInt();
        }
        return ids;
    }
}
