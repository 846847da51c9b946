/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

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
 * The page's API over the repository's small ALIGN checkpoint: [CLS], the pieces and [SEP] are
 * the view's tokens, the columns are the positions of an EfficientNet stage's map (no CLS column;
 * the page's default cut is its last layer but one, as for every tower: stage 2 of 3, 16 x 16),
 * and a word's map has one value per position.
 */
class AlignApiTest {

    private static DuetServer server;
    private static HttpClient client;

    @BeforeAll
    static void start() throws Exception {
        Path model = Path.of(System.getProperty("duet.align"));
        ServerOptions options = ServerOptions.defaults().withAddress(ServerOptions.LOOPBACK, 0).withThreads(2);
        server = DuetServer.start(DualEncoder.load(model), "align-tiny", options, System.err);
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
    void anAlignExplanationHasTheFeatureMapsPositionsAsColumns() throws Exception {
        assertEquals("align", send(HttpRequest.newBuilder(server.address().resolve("/api/info"))).get("modelFamily").asText());
        JsonNode explained = send(HttpRequest.newBuilder(server.address().resolve("/api/explain"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"caption\":\"a red circle\",\"image\":\"ex-red-circle-blue-square\",\"steps\":4}")));
        JsonNode tokens = explained.get("tokens");
        assertEquals("bos", tokens.get(0).get("kind").asText(), "[CLS]");
        assertEquals("eos", tokens.get(tokens.size() - 1).get("kind").asText(), "[SEP]");
        assertFalse(explained.get("shares").has("cls"), "no class column");
        String id = explained.get("id").asText();
        JsonNode red = send(HttpRequest.newBuilder(server.address().resolve("/api/explanations/" + id + "/map?span=red")));
        assertEquals("red", red.get("label").asText());
        assertEquals(16 * 16, red.get("map").size(), "stage 2's 16 x 16 positions");
    }
}
