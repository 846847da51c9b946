/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.duet.explain.ExplainOptions;
import dev.duet.explain.Quadrature;
import dev.duet.explain.SentencePairExplainer;
import dev.duet.explain.SentencePairExplanation;
import dev.duet.model.SentenceEncoder;
import dev.duet.tensor.Parallel;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The page's texts mode over the repository's tiny sentence-transformers BERT checkpoint: a pair's
 * token x token matrix adds up to the four-term target, equals what the library gives, and comes
 * from the cache the second time; bad requests are refused in a line; the caption and image routes
 * say that this server explains texts.
 */
class TextPairApiTest {

    private static final String PAIR = "\"first\":\"A photo of a cat.\",\"second\":\"a cat photo\"";

    private static SentenceEncoder model;
    private static DuetServer server;
    private static HttpClient client;

    @BeforeAll
    static void start() throws Exception {
        model = SentenceEncoder.load(Path.of(System.getProperty("duet.bert")));
        ServerOptions options = ServerOptions.defaults().withAddress(ServerOptions.LOOPBACK, 0).withThreads(2);
        server = DuetServer.start(model, "bert-tiny", options, System.err);
        client = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(server.address().resolve(path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String body) throws Exception {
        return client.send(HttpRequest.newBuilder(server.address().resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode explain(String body) throws Exception {
        HttpResponse<String> response = post("/api/explain-texts", body);
        assertEquals(200, response.statusCode(), response.body());
        return Exchanges.JSON.readTree(response.body());
    }

    private static String error(HttpResponse<String> response) throws Exception {
        return Exchanges.JSON.readTree(response.body()).get("error").asText();
    }

    @Test
    void infoSaysTheServerExplainsPairsOfTexts() throws Exception {
        HttpResponse<String> response = get("/api/info");
        assertEquals(200, response.statusCode(), response.body());
        JsonNode info = Exchanges.JSON.readTree(response.body());
        assertEquals("sentence-bert", info.get("modelFamily").asText());
        assertEquals("texts", info.get("mode").asText());
        assertEquals(2, info.get("layers").asInt(), "the tiny checkpoint's two blocks");
        assertEquals(1000, info.get("maxCaptionChars").asInt());
        assertEquals(257, info.get("colormap").size());
        assertFalse(info.has("examples") || info.has("imageLayers"), "no images in texts mode: " + info);
    }

    @Test
    void aPairIsATokenByTokenMatrixThatAddsUpToItsTarget() throws Exception {
        JsonNode explained = explain("{" + PAIR + ",\"quadrature\":\"gauss-legendre\",\"steps\":16}");
        assertEquals("sentence_explanation", explained.get("format").asText());
        assertEquals("sentence-bert", explained.get("model_family").asText());
        JsonNode first = explained.get("first").get("tokens");
        JsonNode second = explained.get("second").get("tokens");
        assertEquals(8, first.size(), "[CLS] a photo of a cat . [SEP]");
        assertEquals(5, second.size(), "[CLS] a cat photo [SEP]");
        assertEquals("bos", first.get(0).get("role").asText());
        assertEquals("eos", first.get(7).get("role").asText());
        assertEquals("cat", first.get(5).get("piece").asText());
        assertEquals("text", first.get(5).get("role").asText());
        assertEquals(13, first.get(5).get("start").asInt(), "the characters of \"cat\" in \"A photo of a cat.\"");
        assertEquals(16, first.get(5).get("end").asInt());
        JsonNode rows = explained.get("interactions");
        assertEquals(first.size(), rows.size());
        double sum = 0;
        for (JsonNode row : rows) {
            assertEquals(second.size(), row.size());
            for (JsonNode value : row) {
                sum += value.asDouble();
            }
        }
        JsonNode c = explained.get("completeness");
        JsonNode terms = c.get("terms");
        double target = terms.get("s_first_second").asDouble() - terms.get("s_first_refsecond").asDouble()
                - terms.get("s_reffirst_second").asDouble() + terms.get("s_reffirst_refsecond").asDouble();
        assertEquals(target, c.get("target").asDouble(), 1e-12, "the four terms make the target");
        assertEquals(c.get("sum").asDouble(), sum, 1e-6, "the entries add up to the reported sum");
        assertEquals(c.get("target").asDouble(), sum - c.get("error").asDouble(), 1e-6,
                "the sum less the reported error is the target");
        assertTrue(Math.abs(c.get("error").asDouble()) < 1e-4, c.toString());
        assertEquals(explained.get("similarity").asDouble(), terms.get("s_first_second").asDouble(), 1e-6,
                "the first term is the cosine");
        assertEquals(1, explained.get("settings").get("layer").asInt(), "the last block's input by default");
        assertEquals(16, explained.get("settings").get("first_nodes").asInt());

        try (Parallel parallel = Parallel.of(2)) {
            ExplainOptions options = ExplainOptions.defaults().withLayers(1, null)
                    .withQuadrature(Quadrature.GAUSS_LEGENDRE, 16);
            SentencePairExplanation direct = new SentencePairExplainer(model, options, parallel)
                    .explain("A photo of a cat.", "a cat photo");
            assertEquals(direct.similarity(), explained.get("similarity").asDouble(), 1e-7);
            assertEquals(direct.completeness().target(), c.get("target").asDouble(), 1e-7);
            for (int i = 0; i < first.size(); i++) {
                for (int j = 0; j < second.size(); j++) {
                    assertEquals(direct.interaction(i, j), rows.get(i).get(j).floatValue(),
                            1e-6 * Math.max(1, Math.abs(direct.interaction(i, j))), "entry " + i + ", " + j);
                }
            }
        }
    }

    @Test
    void theSamePairAgainComesFromTheCacheAndOtherSettingsDoNot() throws Exception {
        JsonNode once = explain("{" + PAIR + ",\"steps\":4}");
        JsonNode again = explain("{" + PAIR + ",\"steps\":4}");
        assertTrue(again.get("cached").asBoolean());
        assertEquals(once.get("interactions"), again.get("interactions"));
        JsonNode lower = explain("{" + PAIR + ",\"steps\":4,\"layer\":0,\"normalization\":\"published\"}");
        assertFalse(lower.get("cached").asBoolean());
        assertEquals(0, lower.get("settings").get("layer").asInt());
        assertEquals("published", lower.get("settings").get("normalization").asText());
        assertFalse(lower.get("interactions").equals(once.get("interactions")), "another cut, another matrix");
        JsonNode swapped = explain("{\"first\":\"a cat photo\",\"second\":\"A photo of a cat.\",\"steps\":4}");
        assertFalse(swapped.get("cached").asBoolean(), "the order of the texts is part of the request");
        assertEquals(once.get("interactions").get(5).get(2).asDouble(), swapped.get("interactions").get(2).get(5).asDouble(),
                1e-7, "swapping the texts transposes the matrix (both factors come from the cache)");
    }

    @Test
    void everyFieldIsChecked() throws Exception {
        String[][] cases = {
            {"{\"second\":\"a cat\"}", "first text"},
            {"{\"first\":\"a cat\"}", "second text"},
            {"{\"first\":\" \",\"second\":\"a cat\"}", "first text"},
            {"{\"first\":7,\"second\":\"a cat\"}", "first text"},
            {"{\"first\":\"a cat\",\"second\":\"" + "x".repeat(1001) + "\"}", "limit of 1000"},
            {"{" + PAIR + ",\"layer\":2}", "layer must be a whole number in 0..1"},
            {"{" + PAIR + ",\"layer\":-1}", "layer"},
            {"{" + PAIR + ",\"layer\":\"1\"}", "layer"},
            {"{" + PAIR + ",\"steps\":0}", "steps"},
            {"{" + PAIR + ",\"steps\":65}", "steps"},
            {"{" + PAIR + ",\"quadrature\":\"simpson\"}", "riemann | gauss-legendre | adaptive"},
            {"{" + PAIR + ",\"normalization\":true}", "normalization"},
            {"{" + PAIR + ",\"caption\":\"a\"}", "unknown field caption"},
            {"{\"first\":\"\\u0001\",\"second\":\"a cat\"}", "first text has no tokens"},
            {"[\"a\",\"b\"]", "JSON object"},
        };
        for (String[] c : cases) {
            HttpResponse<String> response = post("/api/explain-texts", c[0]);
            assertEquals(400, response.statusCode(), c[0] + ": " + response.body());
            assertTrue(error(response).contains(c[1]), c[0] + ": " + response.body());
        }
        assertEquals(405, get("/api/explain-texts").statusCode());
    }

    @Test
    void captionAndImageRoutesSayThisServerExplainsTexts() throws Exception {
        HttpResponse<?>[] answers = {
            post("/api/explain", "{\"caption\":\"a cat\",\"image\":\"ex-red-circle-blue-square\"}"),
            get("/api/images/ex-red-circle-blue-square"),
            post("/api/images", "not an image"),
            get("/api/search?q=a+cat"),
            get("/api/explanations/0123456789abcdef01234567/map?from=1&to=2"),
        };
        for (HttpResponse<?> answer : answers) {
            assertEquals(404, answer.statusCode(), answer.uri().toString());
            @SuppressWarnings("unchecked")
            String message = error((HttpResponse<String>) answer);
            assertTrue(message.contains("pairs of texts") && message.contains("/api/explain-texts"), message);
        }
        assertEquals(200, get("/").statusCode(), "the page itself is served in both modes");
    }
}
