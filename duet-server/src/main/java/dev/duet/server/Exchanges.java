/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Reading requests within limits and writing responses, for every handler alike. */
final class Exchanges {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_QUERY_CHARS = 2048;

    private Exchanges() {
    }

    /**
     * The body, refused with 413 past {@code limit} bytes whatever Content-Length claims. A client that stops
     * sending is cut off by the connection's idle timeout, which ends the read with an I/O error.
     */
    static byte[] body(HttpCall call, int limit) {
        String declared = call.header("Content-Length");
        if (declared != null) {
            long length;
            try {
                length = Long.parseLong(declared.strip());
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("Content-Length is not a number");
            }
            if (length > limit) {
                throw new ApiException(413, "the request is " + length + " bytes, more than the limit of " + limit);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[16384];
        try (InputStream in = call.body()) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                if (out.size() + read > limit) {
                    throw new ApiException(413, "the request is more than the limit of " + limit + " bytes");
                }
                out.write(buffer, 0, read);
            }
        } catch (IOException e) {
            throw new ApiException(408, "the request body did not arrive whole: " + e.getMessage());
        } catch (UncheckedIOException e) {
            throw new ApiException(408, "the request body did not arrive whole: " + e.getCause().getMessage());
        }
        return out.toByteArray();
    }

    static JsonNode jsonBody(HttpCall call, int limit) {
        return jsonObject(body(call, limit));
    }

    /** A request body that must be one JSON object. */
    static JsonNode jsonObject(byte[] bytes) {
        try {
            JsonNode node = JSON.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw ApiException.badRequest("the request body must be a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw ApiException.badRequest("the request body is not valid JSON");
        }
    }

    /** Query parameters; a name given twice, or a query too long, is refused. */
    static Map<String, String> query(HttpCall call) {
        return query(call.rawQuery());
    }

    /** Parameters of a query as sent (percent-encoded, or null). */
    static Map<String, String> query(String raw) {
        Map<String, String> parameters = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return parameters;
        }
        if (raw.length() > MAX_QUERY_CHARS) {
            throw ApiException.badRequest("the query is too long");
        }
        for (String pair : raw.split("&")) {
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            if (parameters.put(name, value) != null) {
                throw ApiException.badRequest("parameter " + name + " is given twice");
            }
        }
        return parameters;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("the query is not properly encoded");
        }
    }

    static int intParameter(Map<String, String> query, String name, int min, int max) {
        String value = query.get(name);
        if (value == null) {
            throw ApiException.badRequest("parameter " + name + " is missing");
        }
        try {
            int number = Integer.parseInt(value.strip());
            if (number < min || number > max) {
                throw ApiException.badRequest(name + " must be in " + min + ".." + max + ", got " + number);
            }
            return number;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + " must be a whole number");
        }
    }

    static double doubleParameter(Map<String, String> query, String name, double min, double max) {
        String value = query.get(name);
        if (value == null) {
            throw ApiException.badRequest("parameter " + name + " is missing");
        }
        try {
            double number = Double.parseDouble(value.strip());
            if (!(number >= min && number <= max)) {
                throw ApiException.badRequest(name + " must be in " + min + ".." + max);
            }
            return number;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + " must be a number");
        }
    }

    static void sendJson(HttpCall call, int status, JsonNode node) {
        try {
            call.send(status, "application/json; charset=utf-8", JSON.writeValueAsBytes(node));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    static void sendError(HttpCall call, int status, String message) {
        sendJson(call, status, JSON.createObjectNode().put("error", message));
    }
}
