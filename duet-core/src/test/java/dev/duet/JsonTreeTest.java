/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link JsonTree} against the tree Jackson's own {@code ObjectMapper.readTree} makes of the same bytes. */
class JsonTreeTest {

    private static final String DOCUMENT = """
            {"architectures": ["CLIPModel"], "projection_dim": 512, "big": 12345678901, "huge": 123456789012345678901234567890,
             "scale": 2.6592, "exp": -1e-5, "whole": 3.0, "flag": true, "off": false, "none": null,
             "nested": {"list": [1, [2.5, "x"], {}], "text": "caf\\u00e9 \\"q\\""}, "empty": [], "negative": -7}
            """;

    @Test
    void makesTheTreeJacksonMakes() throws Exception {
        byte[] bytes = DOCUMENT.getBytes(StandardCharsets.UTF_8);
        JsonNode expected = new ObjectMapper().readTree(bytes);
        JsonNode actual = JsonTree.LENIENT.read(bytes);
        assertEquals(expected, actual);
        // equal trees may still differ in node types; the readers ask isInt, isLong, isDouble
        assertTrue(actual.get("projection_dim").isInt());
        assertTrue(actual.get("big").isLong());
        assertTrue(actual.get("huge").isBigInteger());
        assertTrue(actual.get("scale").isDouble());
        assertTrue(actual.get("whole").isDouble());
        assertTrue(actual.get("none").isNull());
        assertEquals(expected, JsonTree.STRICT.read(DOCUMENT));
    }

    @Test
    void lenientKeepsTheLastOfARepeatedNameStrictRefusesIt() throws Exception {
        String repeated = "{\"a\": 1, \"b\": 2, \"a\": 3}";
        assertEquals(new ObjectMapper().readTree(repeated), JsonTree.LENIENT.read(repeated));
        assertEquals(3, JsonTree.LENIENT.read(repeated).get("a").intValue());
        JsonProcessingException refused = assertThrows(JsonParseException.class, () -> JsonTree.STRICT.read(repeated));
        JsonProcessingException jackson = assertThrows(JsonProcessingException.class, () -> JsonMapper.builder()
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build().readTree(repeated));
        assertEquals(jackson.getOriginalMessage(), refused.getOriginalMessage());
        assertTrue(refused.getOriginalMessage().startsWith("Duplicate field"), refused.getOriginalMessage());
    }

    @Test
    void emptyInputIsMissingAndMalformedInputThrows() throws Exception {
        assertTrue(JsonTree.LENIENT.read(new byte[0]).isMissingNode());
        assertTrue(JsonTree.STRICT.read("  ").isMissingNode());
        assertThrows(JsonProcessingException.class, () -> JsonTree.STRICT.read("{\"a\": [1, 2}"));
        assertThrows(JsonProcessingException.class, () -> JsonTree.LENIENT.read("{\"a\": NaN}".getBytes(StandardCharsets.UTF_8)));
        assertThrows(JsonProcessingException.class, () -> JsonTree.LENIENT.read("[".repeat(5_000).getBytes(StandardCharsets.UTF_8)));
    }
}
