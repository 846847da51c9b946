/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The server under load on loopback: 8 concurrent clients send a bounded mix of valid and hostile requests while
 * four slow clients hold connections open (two with half a request head, two with half a body). Every valid request
 * is answered correctly, every invalid one gets a 4xx with a JSON message, and the server answers afterwards.
 */
class LoadTest {

    private static final int CLIENTS = 8;
    private static final int ROUNDS_PER_CLIENT = 12;
    private static final Duration LIMIT = Duration.ofMinutes(3);
    private static final int BUSY_RETRIES = 50;
    private static final java.util.concurrent.atomic.AtomicInteger busyAnswers = new java.util.concurrent.atomic.AtomicInteger();
    private static final java.util.concurrent.atomic.AtomicInteger staleConnections = new java.util.concurrent.atomic.AtomicInteger();

    private static DuetServer server;
    private static HttpClient client;

    @BeforeAll
    static void start() throws IOException {
        server = TinyServer.start();
        client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** One request of the mix: how to send it and what it must get back. */
    private interface Probe {
        Object check() throws Exception;
    }

    @Test
    void answersEveryRequestWhileSlowClientsHoldConnections() throws Exception {
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                Socket socket = new Socket(server.address().getHost(), server.port());
                OutputStream out = socket.getOutputStream();
                out.write((i < 2 ? "GET /api/info HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "
                        : "POST /api/explain HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 1000\r\n\r\n{\"caption\":").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                slow.add(socket);
            }
            // the slow clients send a byte every second, so that the idle timeout never frees them during the load
            ConcurrentLinkedQueue<String> dropped = new ConcurrentLinkedQueue<>();
            Thread trickle = Thread.ofPlatform().daemon().start(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    for (int i = 0; i < slow.size(); i++) {
                        try {
                            slow.get(i).getOutputStream().write(i < 2 ? 'x' : ' ');
                            slow.get(i).getOutputStream().flush();
                        } catch (IOException e) {
                            dropped.add("slow client " + i + ": " + e.getMessage());
                        }
                    }
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            byte[] extremePng = png(170_000, 1);
            byte[] validPng = png(40, 30);
            String longCaption = "a".repeat(100_000);
            List<Probe> mix = List.of(
                    () -> expectJson(get("/api/info", null), 200, "model"),
                    () -> {
                        JsonNode explained = expectJson(postJson("{\"caption\":\"a red circle\",\"image\":\"ex-red-circle-blue-square\",\"steps\":2}"), 200, "id");
                        return expectJson(get("/api/explanations/" + explained.get("id").asText() + "/map?from=1&to=2", null), 200, "map");
                    },
                    () -> expectJson(post("/api/images", "image/png", validPng), 200, "id"),
                    () -> expectError(post("/api/images", "image/png", extremePng), 415),
                    () -> expectError(post("/api/images", "image/png", new byte[10_000_001]), 413),
                    () -> expectError(post("/api/images", "text/plain", "hello".getBytes(StandardCharsets.UTF_8)), 415),
                    () -> expectError(postJson("{\"caption\": \"unclosed"), 400),
                    () -> expectError(postJson("{\"caption\":\"" + longCaption + "\",\"image\":\"ex-sun-and-house\"}"), 400, 413),
                    () -> expectError(postJson("{\"caption\":\"x\",\"image\":\"../../pom.xml\"}"), 400),
                    () -> expectError(postJson("{\"caption\":\"x\",\"image\":\"/etc/passwd\"}"), 400),
                    () -> expectError(get("/api/images/..%2f..%2fpom.xml", null), 404, 400),
                    () -> expectError(get("/api/info", "http://attacker.example"), 403),
                    () -> expectError(raw("GET /api/explanations/x/map?span=%zz HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                            + "Connection: close\r\n\r\n"), 400),
                    () -> expectError(raw("GET /%zz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"), 400),
                    LoadTest::closeMidRequest);
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            assertTimeoutPreemptively(LIMIT, () -> {
                ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
                List<Future<?>> running = new ArrayList<>();
                for (int c = 0; c < CLIENTS; c++) {
                    int offset = c;
                    running.add(clients.submit(() -> {
                        for (int round = 0; round < ROUNDS_PER_CLIENT; round++) {
                            for (int p = 0; p < mix.size(); p++) {
                                Probe probe = mix.get((p + offset) % mix.size());
                                try {
                                    probe.check();
                                } catch (Exception | AssertionError e) {
                                    failures.add(e.toString());
                                }
                            }
                        }
                    }));
                }
                for (Future<?> future : running) {
                    future.get();
                }
                clients.shutdown();
                assertTrue(clients.awaitTermination(10, TimeUnit.SECONDS));
            });
            assertEquals(List.of(), failures.stream().limit(5).toList(), failures.size() + " of "
                    + CLIENTS * ROUNDS_PER_CLIENT * mix.size() + " requests failed (" + busyAnswers + " busy answers, "
                    + staleConnections + " requests sent again after a closed kept-alive connection)");
            expectJson(get("/api/info", null), 200, "model");
            trickle.interrupt();
            trickle.join();
            assertEquals(List.of(), List.copyOf(dropped), "the slow clients stayed connected through the load");
        } finally {
            for (Socket socket : slow) {
                socket.close();
            }
        }
    }

    @Test
    void aClientThatFallsSilentIsCutOffAtTheIdleTimeout() throws IOException {
        try (Socket socket = new Socket(server.address().getHost(), server.port())) {
            socket.setSoTimeout((int) DuetServer.IDLE_TIMEOUT_MILLIS + 20_000);
            socket.getOutputStream().write("GET /api/info HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII));
            long start = System.nanoTime();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            double seconds = (System.nanoTime() - start) / 1e9;
            assertTrue(answer.isEmpty() || answer.startsWith("HTTP/1.1 4"), "no answer or a 4xx: " + answer);
            assertTrue(seconds < DuetServer.IDLE_TIMEOUT_MILLIS / 1000.0 + 15, "closed after " + seconds + " s");
        }
    }

    private static HttpResponse<String> get(String path, String origin) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.address().resolve(path)).timeout(Duration.ofSeconds(30));
        if (origin != null) {
            request.header("Origin", origin);
        }
        return sendAgainIfStale(request.GET().build());
    }

    /**
     * An explanation request; the server answers 503 while two others are being computed (its back-pressure), and
     * the page, like this client, asks again a moment later.
     */
    private static HttpResponse<String> postJson(String body) throws Exception {
        HttpResponse<String> response = post("/api/explain", "application/json", body.getBytes(StandardCharsets.UTF_8));
        for (int attempt = 0; response.statusCode() == 503 && attempt < BUSY_RETRIES; attempt++) {
            busyAnswers.incrementAndGet();
            Thread.sleep(200);
            response = post("/api/explain", "application/json", body.getBytes(StandardCharsets.UTF_8));
        }
        return response;
    }

    private static HttpResponse<String> post(String path, String contentType, byte[] body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(server.address().resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        if (body.length > 10_000_000) {
            try {
                return client.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException closedWhileSending) {
                // an oversized body is refused from its Content-Length and the connection closed before it is all sent
                return new Refused(413);
            }
        }
        return sendAgainIfStale(request);
    }

    /**
     * Sends a request; if it fails on a kept-alive connection that the server closed (its idle timeout, or after
     * refusing a body) just as the client reused it, asks once more on a new connection, as browsers do. The client
     * keeps pooled connections far longer than the server's {@link DuetServer#IDLE_TIMEOUT_MILLIS}, so under load a
     * GET can meet such a connection as well as a POST.
     */
    private static HttpResponse<String> sendAgainIfStale(HttpRequest request) throws Exception {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException staleConnection) {
            staleConnections.incrementAndGet();
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        }
    }

    private static JsonNode expectJson(HttpResponse<String> response, int status, String field) throws IOException {
        assertEquals(status, response.statusCode(), response.body());
        JsonNode json = Exchanges.JSON.readTree(response.body());
        assertTrue(json.has(field), field + " missing: " + response.body());
        return json;
    }

    private static String expectError(HttpResponse<String> response, int... statuses) throws IOException {
        boolean expected = false;
        for (int status : statuses) {
            expected |= response.statusCode() == status;
        }
        assertTrue(expected, "status " + response.statusCode() + ": " + response.body());
        if (!(response instanceof Refused)) {
            JsonNode json = Exchanges.JSON.readTree(response.body());
            assertTrue(json.has("error") && !json.get("error").asText().isBlank(), "a JSON message: " + response.body());
        }
        return response.body();
    }

    /** A raw request (what HttpClient would refuse to send), answered as status and body. */
    private static HttpResponse<String> raw(String request) throws IOException {
        try (Socket socket = new Socket(server.address().getHost(), server.port())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int status = Integer.parseInt(answer.substring(9, 12));
            int bodyStart = answer.indexOf("\r\n\r\n");
            return new RawResponse(status, bodyStart < 0 ? "" : answer.substring(bodyStart + 4));
        }
    }

    /** Half a request, then the connection closed: nothing to answer, and nothing may break. */
    private static Object closeMidRequest() throws IOException {
        try (Socket socket = new Socket(server.address().getHost(), server.port())) {
            socket.getOutputStream().write(("POST /api/images HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5000\r\n\r\n"
                    + "\u0089PNG").getBytes(StandardCharsets.ISO_8859_1));
        }
        return "closed";
    }

    private static byte[] png(int width, int height) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB), "png", out);
        return out.toByteArray();
    }

    /** A response read from a raw socket. */
    private record RawResponse(int statusCode, String body) implements HttpResponse<String> {
        @Override public HttpRequest request() { throw new UnsupportedOperationException(); }
        @Override public java.util.Optional<HttpResponse<String>> previousResponse() { return java.util.Optional.empty(); }
        @Override public java.net.http.HttpHeaders headers() { return java.net.http.HttpHeaders.of(java.util.Map.of(), (a, b) -> true); }
        @Override public java.util.Optional<javax.net.ssl.SSLSession> sslSession() { return java.util.Optional.empty(); }
        @Override public URI uri() { return server.address(); }
        @Override public HttpClient.Version version() { return HttpClient.Version.HTTP_1_1; }
    }

    /** The server refused an upload from its Content-Length and closed the connection while the body was sent. */
    private record Refused(int statusCode) implements HttpResponse<String> {
        @Override public String body() { return ""; }
        @Override public HttpRequest request() { throw new UnsupportedOperationException(); }
        @Override public java.util.Optional<HttpResponse<String>> previousResponse() { return java.util.Optional.empty(); }
        @Override public java.net.http.HttpHeaders headers() { return java.net.http.HttpHeaders.of(java.util.Map.of(), (a, b) -> true); }
        @Override public java.util.Optional<javax.net.ssl.SSLSession> sslSession() { return java.util.Optional.empty(); }
        @Override public URI uri() { return server.address(); }
        @Override public HttpClient.Version version() { return HttpClient.Version.HTTP_1_1; }
    }
}
