/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tokenizer;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which tokens a span of characters selects: whole words, parts of words, nothing past the cut. */
class TokensOverlappingTest {

    private final ClipTokenizer tokenizer = TokenizerFixtures.tiny();

    @Test
    void aSpanSelectsTheTokensItOverlapsAndNeverBosOrEos() {
        String caption = "a small red circle";
        Encoding encoding = tokenizer.encode(caption);
        int start = caption.indexOf("red circle");
        Encoding.TokenRange range = encoding.tokensOverlapping(start, caption.length()).orElseThrow();
        StringBuilder covered = new StringBuilder();
        for (int t = range.from(); t < range.to(); t++) {
            Token token = encoding.tokens().get(t);
            covered.append(caption, token.start(), token.end());
        }
        assertEquals("redcircle", covered.toString().replace(" ", ""));
        assertEquals(encoding.size() - 1, range.to(), "ends before EOS");
        Encoding.TokenRange whole = encoding.tokensOverlapping(0, caption.length()).orElseThrow();
        assertEquals(new Encoding.TokenRange(1, encoding.size() - 1), whole, "BOS and EOS hold no characters");
        Encoding.TokenRange letter = encoding.tokensOverlapping(start + 1, start + 2).orElseThrow();
        assertEquals(1, letter.to() - letter.from(), "one character selects the token that holds it");
    }

    @Test
    void aSpanCutAwayByTheContextLengthSelectsNothing() {
        ClipTokenizer shortContext = ClipTokenizer.load(TokenizerFixtures.shared("models", "tiny"), 4);
        String caption = "a small red circle and a blue square";
        Encoding encoding = shortContext.encode(caption);
        assertEquals(Optional.empty(), encoding.tokensOverlapping(caption.indexOf("square"), caption.length()));
    }
}
