/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Cache keys are records of exactly what each factor and each explanation depends on. */
class ExplainRequestTest {

    private static ExplainRequest parse(String json) throws Exception {
        return ExplainRequest.parse(new ObjectMapper().readTree(json), 1000, 2, 2);
    }

    @Test
    void aNewCaptionOnTheSameImageSharesTheImageKeyOnly() throws Exception {
        ExplainRequest one = parse("{\"caption\":\"a red circle\",\"image\":\"ex-1\",\"steps\":4}");
        ExplainRequest same = parse("{\"caption\":\"a red circle\",\"image\":\"ex-1\",\"steps\":4}");
        ExplainRequest other = parse("{\"caption\":\"a blue square\",\"image\":\"ex-1\",\"steps\":4}");
        assertEquals(one.key(), same.key());
        assertEquals(one.key().id(), same.key().id());
        assertEquals(one.imageKey(), other.imageKey());
        assertNotEquals(one.textKey(), other.textKey());
        assertNotEquals(one.key().id(), other.key().id());
        assertTrue(one.key().id().matches("[0-9a-f]{24}"), one.key().id());
    }

    @Test
    void everySettingSeparatesBothFactorsAndTheLayerOnlyItsOwn() throws Exception {
        ExplainRequest base = parse("{\"caption\":\"a\",\"image\":\"ex-1\"}");
        for (String setting : new String[] {"\"steps\":3", "\"quadrature\":\"riemann\"", "\"normalization\":\"published\""}) {
            ExplainRequest changed = parse("{\"caption\":\"a\",\"image\":\"ex-1\"," + setting + "}");
            assertNotEquals(base.textKey(), changed.textKey(), setting);
            assertNotEquals(base.imageKey(), changed.imageKey(), setting);
            assertNotEquals(base.key().id(), changed.key().id(), setting);
        }
        ExplainRequest textLayer = parse("{\"caption\":\"a\",\"image\":\"ex-1\",\"textLayer\":0}");
        assertNotEquals(base.textKey(), textLayer.textKey());
        assertEquals(base.imageKey(), textLayer.imageKey());
    }

    @Test
    void fieldsCannotRunIntoEachOther() throws Exception {
        // a caption that ends where an image id could begin must not give another explanation's id
        ExplainRequest one = parse("{\"caption\":\"ab\",\"image\":\"c\"}");
        ExplainRequest two = parse("{\"caption\":\"b\",\"image\":\"ca\"}");
        assertNotEquals(one.key().id(), two.key().id());
    }
}
