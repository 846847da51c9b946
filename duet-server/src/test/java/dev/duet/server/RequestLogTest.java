/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.server;

import dev.duet.model.ClipModel;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The server logs each request as one line: method, path without the query, status, milliseconds. */
class RequestLogTest {

    @Test
    void eachRequestIsOneLineWithoutItsQuery() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream log = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        ClipModel model = ClipModel.load(TinyServer.fixtures().resolve("models").resolve("tiny"));
        ServerOptions options = ServerOptions.defaults().withAddress(ServerOptions.LOOPBACK, 0).withThreads(2);
        try (DuetServer server = DuetServer.start(model, "fixtures/models/tiny", options, log);
             HttpClient client = HttpClient.newHttpClient()) {
            String base = "http://127.0.0.1:" + server.port();
            assertEquals(200, client.send(HttpRequest.newBuilder(URI.create(base + "/api/info")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode());
            assertEquals(404, client.send(HttpRequest.newBuilder(URI.create(base + "/nowhere?caption=secret")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode());
            Pattern info = Pattern.compile("(?m)^GET /api/info 200 [0-9]+\\.[0-9] ms$");
            Pattern missing = Pattern.compile("(?m)^GET /nowhere 404 [0-9]+\\.[0-9] ms$");
            long deadline = System.nanoTime() + 5_000_000_000L;
            // the log line is written once the response has completed, which may be just after the client has it
            while (!(info.matcher(text(bytes)).find() && missing.matcher(text(bytes)).find()) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertTrue(info.matcher(text(bytes)).find(), text(bytes));
            assertTrue(missing.matcher(text(bytes)).find(), text(bytes));
            assertFalse(text(bytes).contains("secret"), "queries may hold captions and stay out of the log");
        }
    }

    private static String text(ByteArrayOutputStream bytes) {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
