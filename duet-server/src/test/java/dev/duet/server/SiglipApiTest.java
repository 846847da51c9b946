/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.duet.model.DualEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The page's API over the repository's small SigLIP checkpoint: every position of the padded
 * caption is a token of the view (its kind telling text, EOS and padding apart), there is no CLS
 * column, the probability comes with the cosine, and selections start at the first piece.
 */
class SiglipApiTest {

    private static DuetServer server;
    private static HttpClient client;

    @BeforeAll
    static void start() throws Exception {
        Path model = Path.of(System.getProperty("duet.siglip"));
        ServerOptions options = ServerOptions.defaults().withAddress(ServerOptions.LOOPBACK, 0).withThreads(2);
        server = DuetServer.start(DualEncoder.load(model), "siglip-tiny", options, System.err);
        client = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static JsonNode send(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return Exchanges.JSON.readTree(response.body());
    }

    @Test
    void aSiglipExplanationHasItsPaddingApartAndItsProbability() throws Exception {
        assertEquals("siglip", send(HttpRequest.newBuilder(server.address().resolve("/api/info"))).get("modelFamily").asText());
        JsonNode explained = send(HttpRequest.newBuilder(server.address().resolve("/api/explain"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"caption\":\"a red circle\",\"image\":\"ex-red-circle-blue-square\",\"steps\":4}")));
        JsonNode tokens = explained.get("tokens");
        assertEquals(64, tokens.size(), "the text tower's 64 positions");
        assertEquals("text", tokens.get(0).get("kind").asText(), "SigLIP has no BOS");
        assertEquals("padding", tokens.get(63).get("kind").asText());
        JsonNode shares = explained.get("shares");
        assertFalse(shares.has("cls") || shares.has("bos"), shares.toString());
        assertTrue(shares.get("eos").asDouble() > 0 && shares.get("padding").asDouble() > 0, shares.toString());
        double cosine = explained.get("similarity").asDouble();
        double probability = explained.get("probability").asDouble();
        assertEquals(1 / (1 + Math.exp(-(cosine * 10 - 10))), probability, 1e-6 * probability,
                "the test checkpoint's scale and bias, exp(log 10) and -10");
        JsonNode whole = explained.get("whole");
        assertEquals(0, whole.get("from").asInt(), "the caption's first piece is the first position");
        String id = explained.get("id").asText();
        JsonNode first = send(HttpRequest.newBuilder(server.address().resolve("/api/explanations/" + id + "/map?from=0&to=1")));
        assertEquals(16, first.get("map").size(), "4 x 4 patches");
        JsonNode red = send(HttpRequest.newBuilder(server.address().resolve("/api/explanations/" + id + "/map?span=red")));
        assertEquals("red", red.get("label").asText());
    }
}
