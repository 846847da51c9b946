/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.bench;

import dev.duet.model.DualEncoder;
import dev.duet.server.DuetServer;
import dev.duet.server.ServerOptions;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code duet serve} under load on loopback (issue 17's server figures): 8 clients send a mix of valid requests
 * (page info, explanations of a caption and an example image, a span's map, a small upload) and hostile ones
 * (oversized and extreme-aspect uploads, wrong content types, malformed and oversized JSON, path traversal,
 * a foreign origin, an undecodable URI, a request cut off mid-body), while four slow clients hold connections
 * open with half a request head or half a body, a byte a second. Prints the requests, the failures (a valid
 * request not answered 200 with its field, an invalid one not answered 4xx), the latency of valid requests
 * (p50, p99: explanations include the client's retries after the server's 503 back-pressure, as the page
 * retries) and the peak RSS of the process (server and clients share it).
 * Usage: {@code ServerLoadBenchmark MODEL_DIR [REQUESTS]}.
 */
public final class ServerLoadBenchmark {

    private static final int CLIENTS = 8;
    private static final int SLOW_CLIENTS = 4;
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");
    private static final String[] CAPTIONS = {"a red circle", "a blue square", "a red circle and a blue square",
        "a purple oval on grass", "a sun above a house", "an orange circle and a white square"};
    private static final String[] IMAGES = {"ex-red-circle-blue-square", "ex-purple-oval-on-grass", "ex-sun-and-house",
        "ex-orange-circle-white-square"};

    private final URI base;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, List<Double>> latencies = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    private final AtomicInteger busy = new AtomicInteger();
    private final AtomicInteger sent = new AtomicInteger();
    private final byte[] validPng;
    private final byte[] extremePng;

    private ServerLoadBenchmark(URI base) throws IOException {
        this.base = base;
        this.validPng = png(40, 30);
        this.extremePng = png(170_000, 1);
    }

    public static void main(String[] args) throws Exception {
        Path modelDir = Path.of(args[0]);
        int requests = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        DualEncoder model = DualEncoder.load(modelDir);
        ServerOptions options = ServerOptions.defaults().withAddress(ServerOptions.LOOPBACK, 0);
        try (DuetServer server = DuetServer.start(model, modelDir.toString(), options,
                new PrintStream(OutputStream.nullOutputStream()))) {
            new ServerLoadBenchmark(server.address()).run(server, requests);
        }
    }

    private void run(DuetServer server, int requests) throws Exception {
        List<Socket> slow = openSlowClients(server);
        Set<Integer> dropped = ConcurrentHashMap.newKeySet();
        Thread trickle = Thread.ofPlatform().daemon().start(() -> trickle(slow, dropped));
        List<Runnable> mix = mix();
        int rounds = Math.max(1, requests / (CLIENTS * (mix.size() + 1)));
        long start = System.nanoTime();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int offset = c;
            running.add(clients.submit(() -> {
                for (int round = 0; round < rounds; round++) {
                    for (int p = 0; p < mix.size(); p++) {
                        mix.get((p + offset + round) % mix.size()).run();
                    }
                }
            }));
        }
        for (Future<?> future : running) {
            future.get();
        }
        clients.shutdown();
        double seconds = Measurements.since(start);
        boolean answersAfter = get("/api/info", null).status() == 200;
        trickle.interrupt();
        trickle.join();
        int slowStillOpen = SLOW_CLIENTS - dropped.size();
        for (Socket socket : slow) {
            socket.close();
        }
        List<Double> valid = new ArrayList<>();
        latencies.values().forEach(valid::addAll);
        System.out.printf(Locale.ROOT, "| requests sent (%d clients, %d slow clients holding connections; the retries after 503 included) | %d in %.1f s |%n",
                CLIENTS, SLOW_CLIENTS, sent.get(), seconds);
        System.out.printf(Locale.ROOT, "| failures (valid not answered, invalid not 4xx) | %d |%n", failures.size());
        failures.stream().limit(5).forEach(f -> System.out.println("|   " + f + " | |"));
        System.out.printf(Locale.ROOT, "| valid requests, p50 / p99 | %d: %s |%n", valid.size(), percentiles(valid));
        for (String kind : latencies.keySet().stream().sorted().toList()) {
            System.out.printf(Locale.ROOT, "| of which %s, p50 / p99 | %d: %s |%n", kind, latencies.get(kind).size(),
                    percentiles(latencies.get(kind)));
        }
        System.out.printf(Locale.ROOT, "| explanation requests answered 503 and sent again | %d |%n", busy.get());
        System.out.printf(Locale.ROOT, "| server answers afterwards; slow clients still connected | %s; %d of %d |%n",
                answersAfter, slowStillOpen, SLOW_CLIENTS);
        System.out.printf(Locale.ROOT, "| peak RSS (server and clients in one JVM) | %.0f MiB |%n", Measurements.peakRssMiB());
    }

    /** The mix of one round: each entry sends one request (the explanation two: it and its map) and checks the answer. */
    private List<Runnable> mix() {
        AtomicInteger turn = new AtomicInteger();
        return List.of(
                () -> valid("info", () -> get("/api/info", null), "model"),
                () -> {
                    int t = turn.getAndIncrement();
                    String body = "{\"caption\":\"" + CAPTIONS[t % CAPTIONS.length] + "\",\"image\":\""
                            + IMAGES[t / CAPTIONS.length % IMAGES.length] + "\"}";
                    String answer = valid("explain", () -> explain(body), "id");
                    Matcher id = answer == null ? null : ID.matcher(answer);
                    if (id != null && id.find()) {
                        valid("map", () -> get("/api/explanations/" + id.group(1) + "/map?from=1&to=2", null), "map");
                    }
                },
                () -> valid("upload", () -> post("/api/images", "image/png", validPng), "id"),
                () -> invalid(() -> post("/api/images", "image/png", extremePng)),
                () -> invalid(() -> post("/api/images", "image/png", new byte[10_000_001])),
                () -> invalid(() -> post("/api/images", "text/plain", "hello".getBytes(StandardCharsets.UTF_8))),
                () -> invalid(() -> explain("{\"caption\": \"unclosed")),
                () -> invalid(() -> explain("{\"caption\":\"" + "a".repeat(100_000) + "\",\"image\":\"ex-sun-and-house\"}")),
                () -> invalid(() -> explain("{\"caption\":\"x\",\"image\":\"../../pom.xml\"}")),
                () -> invalid(() -> explain("{\"caption\":\"x\",\"image\":\"/etc/passwd\"}")),
                () -> invalid(() -> get("/api/images/..%2f..%2fpom.xml", null)),
                () -> invalid(() -> get("/api/info", "http://attacker.example")),
                () -> invalid(() -> raw("GET /%zz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")),
                this::closeMidRequest);
    }

    private interface Call {
        Answer send() throws IOException, InterruptedException;
    }

    /** A status and body, from the HTTP client or a raw socket; status 0 when the server refused while we sent. */
    private record Answer(int status, String body) {
    }

    private String valid(String kind, Call call, String field) {
        long start = System.nanoTime();
        try {
            Answer answer = call.send();
            double millis = (System.nanoTime() - start) / 1e6;
            if (answer.status() != 200 || !answer.body().contains("\"" + field + "\"")) {
                failures.add(kind + ": " + answer.status() + " " + abbreviated(answer.body()));
                return null;
            }
            latencies.computeIfAbsent(kind, k -> Collections.synchronizedList(new ArrayList<>())).add(millis);
            return answer.body();
        } catch (IOException | InterruptedException e) {
            failures.add(kind + ": " + e);
            return null;
        }
    }

    private void invalid(Call call) {
        try {
            Answer answer = call.send();
            boolean refused = answer.status() == 0 || answer.status() >= 400 && answer.status() < 500
                    && (answer.body().isEmpty() || answer.body().contains("\"error\""));
            if (!refused) {
                failures.add("invalid request answered " + answer.status() + " " + abbreviated(answer.body()));
            }
        } catch (IOException | InterruptedException e) {
            failures.add("invalid request: " + e);
        }
    }

    /** An explanation request, sent again a moment later while the server answers 503 (busy), as the page does. */
    private Answer explain(String body) throws IOException, InterruptedException {
        Answer answer = post("/api/explain", "application/json", body.getBytes(StandardCharsets.UTF_8));
        for (int attempt = 0; answer.status() == 503 && attempt < 100; attempt++) {
            busy.incrementAndGet();
            Thread.sleep(100);
            answer = post("/api/explain", "application/json", body.getBytes(StandardCharsets.UTF_8));
        }
        return answer;
    }

    private Answer get(String path, String origin) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60));
        if (origin != null) {
            request.header("Origin", origin);
        }
        sent.incrementAndGet();
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body());
    }

    private Answer post(String path, String contentType, byte[] body) throws IOException, InterruptedException {
        sent.incrementAndGet();
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (IOException closedWhileSending) {
            if (body.length > 10_000_000) {
                return new Answer(0, "");   // refused from its Content-Length, the connection closed mid-body
            }
            // a kept-alive connection the server closed just as it was reused: sent again, as browsers do
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        }
    }

    /** A request the HTTP client would refuse to send, written to a socket; its status line and body. */
    private Answer raw(String request) throws IOException {
        sent.incrementAndGet();
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(60_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int bodyStart = answer.indexOf("\r\n\r\n");
            return new Answer(Integer.parseInt(answer.substring(9, 12)), bodyStart < 0 ? "" : answer.substring(bodyStart + 4));
        }
    }

    /** Half an upload, then the connection closed: nothing to answer, and nothing may break. */
    private void closeMidRequest() {
        sent.incrementAndGet();
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.getOutputStream().write(("POST /api/images HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5000\r\n\r\n"
                    + "\u0089PNG").getBytes(StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            failures.add("half a request: " + e);
        }
    }

    private List<Socket> openSlowClients(DuetServer server) throws IOException {
        List<Socket> slow = new ArrayList<>();
        for (int i = 0; i < SLOW_CLIENTS; i++) {
            Socket socket = new Socket(base.getHost(), server.port());
            socket.getOutputStream().write((i < SLOW_CLIENTS / 2 ? "GET /api/info HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "
                    : "POST /api/explain HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 1000\r\n\r\n{\"caption\":").getBytes(StandardCharsets.US_ASCII));
            slow.add(socket);
        }
        return slow;
    }

    /** A byte a second on every slow connection, so that the server's idle timeout never frees them; lost ones in dropped. */
    private static void trickle(List<Socket> slow, Set<Integer> dropped) {
        while (!Thread.currentThread().isInterrupted()) {
            for (int i = 0; i < slow.size(); i++) {
                try {
                    slow.get(i).getOutputStream().write(i < slow.size() / 2 ? 'x' : ' ');
                } catch (IOException e) {
                    dropped.add(i);
                }
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static String percentiles(List<Double> millis) {
        double[] sorted = millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (sorted.length == 0) {
            return "none";
        }
        return String.format(Locale.ROOT, "%.1f / %.1f ms", sorted[(sorted.length - 1) / 2],
                sorted[(int) Math.ceil(0.99 * sorted.length) - 1]);
    }

    private static String abbreviated(String body) {
        return body.length() > 120 ? body.substring(0, 120) + "..." : body;
    }

    private static byte[] png(int width, int height) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB), "png", out);
        return out.toByteArray();
    }
}
