/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.duet.explain.ExplainOptions;
import dev.duet.explain.Explainer;
import dev.duet.explain.Quadrature;
import dev.duet.index.DuetIndex;
import dev.duet.index.IndexBuilder;
import dev.duet.index.Precision;
import dev.duet.model.ClipModel;
import dev.duet.tensor.Parallel;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve --index}: the search endpoint finds the index's images and hands them to the explanation view. */
class SearchApiTest {

    @TempDir
    static Path directory;

    private static Parallel threads;
    private static DuetIndex index;
    private static DuetServer server;
    private static HttpClient client;

    @BeforeAll
    static void start() throws IOException {
        ClipModel model = ClipModel.load(TinyServer.fixtures().resolve("models").resolve("tiny"));
        threads = Parallel.of(1);
        Path folder = directory.resolve("index");
        new IndexBuilder(model, Explainer.forModel(model, ExplainOptions.defaults().withQuadrature(Quadrature.GAUSS_LEGENDRE, 4), threads),
                Precision.FLOAT32, IndexBuilder.OnBadImage.FAIL, 4).build(TinyServer.fixtures().resolve("images"), folder, progress -> { });
        index = DuetIndex.open(folder, model, threads, null);
        server = DuetServer.start(model, "fixtures/models/tiny",
                ServerOptions.defaults().withAddress(ServerOptions.LOOPBACK, 0).withThreads(2), System.err, index);
        client = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stop() {
        server.close();
        index.close();
        threads.close();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(server.address().resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void searchResultsOpenInTheExplanationView() throws Exception {
        JsonNode info = Exchanges.JSON.readTree(get("/api/info").body());
        assertTrue(info.get("search").asBoolean());
        assertEquals(6, info.get("indexedImages").asInt());

        HttpResponse<String> response = get("/api/search?q=" + URLEncoder.encode("a red circle", StandardCharsets.UTF_8) + "&k=3");
        assertEquals(200, response.statusCode(), response.body());
        JsonNode found = Exchanges.JSON.readTree(response.body());
        assertEquals(3, found.get("results").size());
        assertEquals(index.search("a red circle", 3).hits().getFirst().key(), found.get("results").get(0).get("key").asText());
        String id = found.get("results").get(0).get("image").get("id").asText();
        assertEquals(200, client.send(HttpRequest.newBuilder(server.address().resolve("/api/images/" + id)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray()).statusCode());

        String body = "{\"caption\":\"a red circle\",\"image\":\"" + id + "\",\"steps\":4}";
        HttpResponse<String> explained = client.send(HttpRequest.newBuilder(server.address().resolve("/api/explain"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, explained.statusCode(), explained.body());
        assertEquals(found.get("results").get(0).get("similarity").asDouble(),
                Exchanges.JSON.readTree(explained.body()).get("similarity").asDouble(), 1e-5);
    }

    @Test
    void aQueryWithoutTokensOrTooManyResultsIsRefused() throws Exception {
        HttpResponse<String> blank = get("/api/search?q=%20%20");
        assertEquals(400, blank.statusCode());
        assertTrue(blank.body().contains("holds no token"), blank.body());
        assertEquals(400, get("/api/search?q=red&k=" + (DuetServer.MAX_SEARCH_RESULTS + 1)).statusCode());
        assertEquals(400, get("/api/search").statusCode());
    }
}
