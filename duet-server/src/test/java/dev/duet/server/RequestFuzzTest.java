/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.server;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Jazzer fuzz targets for what the server parses from a request before any model runs: the body of
 * {@code POST /api/explain} and the query of {@code /api/search} and the selection endpoints. The only allowed
 * outcomes are a result or an {@link ApiException} with a 4xx status; anything else is a finding. Seeds:
 * {@code src/test/resources/dev/duet/server/RequestFuzzTestInputs/TARGET/}; {@code JAZZER_FUZZ=1} fuzzes one.
 */
class RequestFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void explainBody(byte[] body) {
        try {
            ExplainRequest request = ExplainRequest.parse(Exchanges.jsonObject(body), 1000, 12, 12);
            assertTrue(request.key().id().matches("[0-9a-f]{24}"));
            request.options();
        } catch (ApiException refused) {
            assertClientError(refused);
        }
    }

    @FuzzTest(maxDuration = "30s")
    void query(byte[] raw) {
        try {
            Map<String, String> query = Exchanges.query(new String(raw, StandardCharsets.UTF_8));
            for (String name : new String[] {"k", "from", "to"}) {
                if (query.containsKey(name)) {
                    Exchanges.intParameter(query, name, 0, 100);
                }
            }
            for (String name : new String[] {"x0", "y0", "x1", "y1"}) {
                if (query.containsKey(name)) {
                    Exchanges.doubleParameter(query, name, 0, 224);
                }
            }
        } catch (ApiException refused) {
            assertClientError(refused);
        }
    }

    private static void assertClientError(ApiException refused) {
        assertTrue(refused.status() >= 400 && refused.status() < 500, refused.status() + " " + refused.getMessage());
    }
}
