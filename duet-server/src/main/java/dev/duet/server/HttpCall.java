/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.server;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One request and its one reply, as the handlers see them: the method, the decoded path, the raw query, headers,
 * the body as a stream (reads time out with the connection's idle timeout) and {@link #send}, which completes the
 * call. Wraps Jetty's request, response and completion callback so that only this class and {@link DuetServer}
 * know the server library.
 */
record HttpCall(Request request, Response response, Callback callback) {

    String method() {
        return request.getMethod();
    }

    /**
     * The percent-decoded path; null when it cannot be decoded or when it has a "." or ".." segment, which the
     * library would resolve ({@code /app.js/..} is not a name of anything served).
     */
    String path() {
        String decoded = request.getHttpURI().getDecodedPath();
        String sent = request.getHttpURI().getPath();
        if (decoded == null || sent == null) {
            return null;
        }
        String[] segments;
        try {
            segments = URLDecoder.decode(sent.replace("+", "%2B"), StandardCharsets.UTF_8).split("/", -1);
        } catch (IllegalArgumentException notEncoded) {
            return null;
        }
        for (String segment : segments) {
            if (segment.equals(".") || segment.equals("..")) {
                return null;
            }
        }
        return decoded;
    }

    /** The query as sent (still percent-encoded), or null. */
    String rawQuery() {
        return request.getHttpURI().getQuery();
    }

    String header(String name) {
        return request.getHeaders().get(name);
    }

    InputStream body() {
        return Request.asInputStream(request);
    }

    /** Sends the whole reply; a HEAD request gets the headers only. */
    void send(int status, String contentType, byte[] bytes) {
        response.setStatus(status);
        HttpFields.Mutable headers = response.getHeaders();
        headers.put("Content-Type", contentType);
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("Cache-Control", "no-store");
        headers.put("Referrer-Policy", "no-referrer");
        headers.put("Content-Security-Policy", "default-src 'self'; img-src 'self' blob: data:; "
                + "style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'");
        boolean head = "HEAD".equals(method());
        headers.put("Content-Length", Integer.toString(bytes.length));
        response.write(true, head ? ByteBuffer.allocate(0) : ByteBuffer.wrap(bytes), callback);
    }
}
