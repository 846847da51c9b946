/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** A text pair's cache keys: a sentence's factor is shared wherever the same text appears; every setting separates. */
class TextPairRequestTest {

    private static TextPairRequest parse(String json) throws Exception {
        return TextPairRequest.parse(new ObjectMapper().readTree(json), 1000, 6);
    }

    @Test
    void aTextHasOneFactorKeyWhicheverSideItIsOn() throws Exception {
        TextPairRequest pair = parse("{\"first\":\"a cat\",\"second\":\"a dog\"}");
        TextPairRequest swapped = parse("{\"first\":\"a dog\",\"second\":\"a cat\"}");
        assertEquals(pair.firstKey(), swapped.secondKey());
        assertEquals(pair.secondKey(), swapped.firstKey());
        assertNotEquals(pair, swapped, "the order of the texts is part of the explanation");
        assertEquals(pair, parse("{\"second\":\"a dog\",\"first\":\"a cat\"}"));
        assertEquals(5, pair.layer(), "the last block's input by default");
    }

    @Test
    void everySettingSeparatesTheFactorsAndTheExplanation() throws Exception {
        TextPairRequest base = parse("{\"first\":\"a cat\",\"second\":\"a dog\"}");
        for (String setting : new String[] {"\"steps\":3", "\"quadrature\":\"riemann\"", "\"normalization\":\"published\"",
            "\"layer\":2"}) {
            TextPairRequest changed = parse("{\"first\":\"a cat\",\"second\":\"a dog\"," + setting + "}");
            assertNotEquals(base.firstKey(), changed.firstKey(), setting);
            assertNotEquals(base.secondKey(), changed.secondKey(), setting);
            assertNotEquals(base, changed, setting);
        }
    }
}
