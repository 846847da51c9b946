/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ApiTest {

    private static DuetServer server;
    private static HttpClient client;

    @BeforeAll
    static void start() throws IOException {
        server = TinyServer.start();
        client = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(server.address().resolve(path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String contentType, byte[] body) throws Exception {
        return client.send(HttpRequest.newBuilder(server.address().resolve(path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return Exchanges.JSON.readTree(response.body());
    }

    private static JsonNode explain(String body) throws Exception {
        HttpResponse<String> response = post("/api/explain", "application/json", body.getBytes(StandardCharsets.UTF_8));
        assertEquals(200, response.statusCode(), response.body());
        return json(response);
    }

    @Test
    void explainsOnceThenAnswersFromTheCache() throws Exception {
        String body = "{\"caption\":\"a red circle and a blue square\",\"image\":\"ex-red-circle-blue-square\",\"steps\":4}";
        JsonNode first = explain(body);
        JsonNode second = explain(body);
        assertEquals(first.get("id").asText(), second.get("id").asText());
        assertTrue(second.get("cached").asBoolean(), "the same request again comes from the cache");
        assertEquals(first.get("similarity").asDouble(), second.get("similarity").asDouble());
        assertEquals(4, first.get("settings").get("steps").asInt());
        assertEquals("hf", first.get("image").get("preprocessing").asText(), "the tiny checkpoint's layout's order");
        JsonNode other = explain("{\"caption\":\"a red circle and a blue square\",\"image\":\"ex-red-circle-blue-square\","
                + "\"steps\":4,\"normalization\":\"published\",\"textLayer\":1}");
        assertFalse(other.get("id").asText().equals(first.get("id").asText()), "other settings, other explanation");
        assertEquals(1, other.get("settings").get("textLayer").asInt());
    }

    @Test
    void settingsAreReadAndEchoedInTheirOneSpelling() throws Exception {
        JsonNode explained = explain("{\"caption\":\"a red circle\",\"image\":\"ex-red-circle-blue-square\","
                + "\"quadrature\":\"gauss-legendre\",\"steps\":2,\"normalization\":\"published\"}");
        assertEquals("gauss-legendre", explained.get("settings").get("quadrature").asText());
        assertEquals("published", explained.get("settings").get("normalization").asText());
        HttpResponse<String> old = post("/api/explain", "application/json", ("{\"caption\":\"a red circle\","
                + "\"image\":\"ex-red-circle-blue-square\",\"quadrature\":\"gauss\"}").getBytes(StandardCharsets.UTF_8));
        assertEquals(400, old.statusCode());
        assertTrue(json(old).get("error").asText().contains("riemann | gauss-legendre | adaptive"), old.body());
    }

    @Test
    void selectionsAreSumsOfTheCachedMatrixAndFast() throws Exception {
        JsonNode explanation = explain("{\"caption\":\"a red circle and a blue square\",\"image\":\"ex-red-circle-blue-square\"}");
        String id = explanation.get("id").asText();
        JsonNode red = json(get("/api/explanations/" + id + "/map?from=2&to=3"));
        JsonNode circle = json(get("/api/explanations/" + id + "/map?from=3&to=4"));
        JsonNode both = json(get("/api/explanations/" + id + "/map?span=Red%20Circle"));
        assertEquals("red circle", both.get("label").asText());
        assertEquals(2, both.get("from").asInt());
        assertEquals(4, both.get("to").asInt());
        for (int p = 0; p < 16; p++) {
            assertEquals(red.get("map").get(p).asDouble() + circle.get("map").get(p).asDouble(),
                    both.get("map").get(p).asDouble(), 1e-6);
        }
        JsonNode whole = json(get("/api/explanations/" + id + "/box?x0=0&y0=0&x1=320&y1=240"));
        assertEquals(16, whole.get("patchesCovered").asDouble(), 1e-9, "the whole photo covers every patch");
        double scores = 0;
        for (JsonNode score : whole.get("scores")) {
            scores += score.asDouble();
        }
        double patches = 0;
        for (JsonNode tokenTotal : explanation.get("tokenTotals")) {
            patches += tokenTotal.asDouble();
        }
        assertEquals(patches - explanation.get("clsTotal").asDouble(), scores, 1e-5,
                "token scores of the whole photo add up to everything but the CLS column");

        long[] nanos = new long[30];
        for (int i = 0; i < nanos.length; i++) {
            long start = System.nanoTime();
            HttpResponse<String> response = get(i % 2 == 0 ? "/api/explanations/" + id + "/map?from=1&to=7"
                    : "/api/explanations/" + id + "/box?x0=40&y0=30&x1=200&y1=180");
            nanos[i] = System.nanoTime() - start;
            assertEquals(200, response.statusCode());
        }
        Arrays.sort(nanos);
        double medianMillis = nanos[nanos.length / 2] / 1e6;
        System.out.printf("selection requests: median %.2f ms, slowest %.2f ms%n", medianMillis, nanos[nanos.length - 1] / 1e6);
        assertTrue(medianMillis < 50, "selections answer from the cache in " + medianMillis + " ms");
    }

    @Test
    void everyParameterIsChecked() throws Exception {
        String image = "\"image\":\"ex-red-circle-blue-square\"";
        String[][] cases = {
            {"{\"caption\":\"\"," + image + "}", "caption"},
            {"{\"caption\":\"" + "x".repeat(1001) + "\"," + image + "}", "limit"},
            {"{\"caption\":\"a\"," + image + ",\"steps\":0}", "steps"},
            {"{\"caption\":\"a\"," + image + ",\"steps\":65}", "steps"},
            {"{\"caption\":\"a\"," + image + ",\"steps\":2.5}", "steps"},
            {"{\"caption\":\"a\"," + image + ",\"textLayer\":3}", "textLayer"},
            {"{\"caption\":\"a\"," + image + ",\"imageLayer\":-1}", "imageLayer"},
            {"{\"caption\":\"a\"," + image + ",\"quadrature\":\"simpson\"}", "quadrature"},
            {"{\"caption\":\"a\"," + image + ",\"normalization\":7}", "normalization"},
            {"{\"caption\":\"a\"," + image + ",\"extra\":1}", "unknown field"},
            {"{\"caption\":\"a\",\"image\":\"../../etc/passwd\"}", "image id"},
            {"[1,2]", "JSON object"},
            {"{not json", "not valid JSON"},
        };
        for (String[] c : cases) {
            HttpResponse<String> response = post("/api/explain", "application/json", c[0].getBytes(StandardCharsets.UTF_8));
            assertEquals(400, response.statusCode(), c[0]);
            assertTrue(json(response).get("error").asText().contains(c[1]), response.body());
        }
        HttpResponse<String> missing = post("/api/explain", "application/json",
                "{\"caption\":\"a\",\"image\":\"up-0123456789ab\"}".getBytes(StandardCharsets.UTF_8));
        assertEquals(404, missing.statusCode());

        String id = explain("{\"caption\":\"a green triangle\",\"image\":\"ex-sun-and-house\"}").get("id").asText();
        String[] selections = {"map?from=0&to=2", "map?from=1&to=99", "map?from=x&to=2", "map?from=1",
            "map?span=purple", "map?from=1&from=2&to=3", "box?x0=0&y0=0&x1=501&y1=10", "box?x0=5&y0=0&x1=5&y1=10",
            "box?x0=NaN&y0=0&x1=5&y1=10", "box?x0=0&y0=0&x1=5"};
        for (String selection : selections) {
            HttpResponse<String> response = get("/api/explanations/" + id + "/" + selection);
            assertEquals(400, response.statusCode(), selection + ": " + response.body());
        }
        assertEquals(404, get("/api/explanations/0123456789abcdef01234567/map?from=1&to=2").statusCode());
        assertEquals(405, post("/api/info", "application/json", new byte[0]).statusCode());
    }

    @Test
    void theTextPairRouteSaysThisServerExplainsCaptionsAndImages() throws Exception {
        HttpResponse<String> response = post("/api/explain-texts", "application/json",
                "{\"first\":\"a red circle\",\"second\":\"a blue square\"}".getBytes(StandardCharsets.UTF_8));
        assertEquals(404, response.statusCode(), response.body());
        String message = json(response).get("error").asText();
        assertTrue(message.contains("captions and images") && message.contains("sentence encoder"), message);
        JsonNode info = json(get("/api/info"));
        assertEquals("captions", info.get("mode").asText());
        assertEquals("clip", info.get("modelFamily").asText());
    }

    @Test
    void onlyTheBundledFilesAreReadable() throws Exception {
        assertEquals(200, get("/").statusCode());
        assertTrue(get("/").body().contains("<script src=\"/app.js\""));
        assertEquals(200, get("/app.css").statusCode());
        for (String path : new String[] {"/index.html", "/site/app.js", "/../pom.xml", "/%2e%2e/%2e%2e/pom.xml",
            "/app.js/..", "/api/images/..%2f..%2fpom.xml", "/api/images/ex-..", "/dev/duet/server/site/app.js",
            "/api/images/ex-red-circle-blue-square/../../app.js"}) {
            int status = get(path).statusCode();
            assertTrue(status == 404 || status == 400, path + " gave " + status);
        }
        // a raw request line with dots that no client would normalise away
        try (Socket socket = new Socket(server.address().getHost(), server.port())) {
            socket.getOutputStream().write(("GET /../../../../etc/passwd HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertFalse(answer.contains("root:"), answer);
            assertTrue(answer.startsWith("HTTP/1.1 404") || answer.startsWith("HTTP/1.1 400"), answer);
        }
    }

    @Test
    void uploadsAreDecodedBeforeTheyAreKept() throws Exception {
        byte[] png = Files.readAllBytes(TinyServer.fixtures().resolve("images").resolve("img5_two_black_squares.png"));
        HttpResponse<String> accepted = post("/api/images", "application/octet-stream", png);
        assertEquals(200, accepted.statusCode(), accepted.body());
        JsonNode image = json(accepted);
        assertEquals(256, image.get("width").asInt());
        HttpResponse<byte[]> back = client.send(HttpRequest.newBuilder(server.address().resolve(
                "/api/images/" + image.get("id").asText())).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals("image/png", back.headers().firstValue("Content-Type").orElseThrow());

        HttpResponse<String> text = post("/api/images", "text/html", "<html><script>alert(1)</script>".getBytes(StandardCharsets.UTF_8));
        assertEquals(415, text.statusCode());
        assertTrue(json(text).get("error").asText().startsWith("not an image Duet can read"), text.body());
        assertFalse(text.body().contains("/tmp"), "the temporary file's name stays on the server");

        byte[] truncated = Arrays.copyOf(png, png.length / 2);
        assertEquals(415, post("/api/images", "image/png", truncated).statusCode());
        assertEquals(400, post("/api/images", "image/png", new byte[0]).statusCode());
        // the server answers 413 from the Content-Length alone and closes without reading the body,
        // so a client still sending it may see the connection closed instead of the answer
        try {
            assertEquals(413, post("/api/images", "image/png", new byte[10_000_001]).statusCode());
        } catch (IOException closedWhileSending) {
            assertTrue(server.port() > 0, "server still up after refusing: " + closedWhileSending.getMessage());
            assertEquals(200, get("/api/info").statusCode());
        }
    }

    @Test
    void stopsCleanly() throws Exception {
        long before = serverThreads();
        DuetServer other = TinyServer.start();
        int port = other.port();
        assertEquals(200, client.send(HttpRequest.newBuilder(other.address().resolve("/api/info")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
        other.close();
        assertThrows(IOException.class, () -> new Socket("127.0.0.1", port).close(), "nothing listens any more");
        long after = serverThreads();
        assertTrue(after <= before, "only the other test server's handler threads remain: " + after + ", before " + before);
    }

    private static long serverThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("duet-http") && t.isAlive()).count();
    }

    @Test
    void foreignHostsAndOriginsAreRefused() throws Exception {
        HttpResponse<String> foreignOrigin = client.send(HttpRequest.newBuilder(server.address().resolve("/api/explain"))
                .header("Origin", "http://attacker.example").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, foreignOrigin.statusCode());
        try (Socket socket = new Socket(server.address().getHost(), server.port())) {
            socket.getOutputStream().write(("GET /api/info HTTP/1.1\r\nHost: rebound.example:" + server.port()
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(answer.startsWith("HTTP/1.1 421"), answer);
        }
        assertEquals(URI.create("http://127.0.0.1:" + server.port() + "/"), server.address());
    }
}
