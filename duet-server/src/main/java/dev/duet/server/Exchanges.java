package dev.duet.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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

    /** The body, refused with 413 past {@code limit} bytes whatever Content-Length claims. */
    static byte[] body(HttpExchange exchange, int limit) throws IOException {
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
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
        try (InputStream in = exchange.getRequestBody()) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                if (out.size() + read > limit) {
                    throw new ApiException(413, "the request is more than the limit of " + limit + " bytes");
                }
                out.write(buffer, 0, read);
            }
        }
        return out.toByteArray();
    }

    static JsonNode jsonBody(HttpExchange exchange, int limit) throws IOException {
        byte[] bytes = body(exchange, limit);
        try {
            JsonNode node = JSON.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw ApiException.badRequest("the request body must be a JSON object");
            }
            return node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw ApiException.badRequest("the request body is not valid JSON");
        }
    }

    /** Query parameters; a name given twice, or a query too long, is refused. */
    static Map<String, String> query(HttpExchange exchange) {
        String raw = exchange.getRequestURI().getRawQuery();
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

    static void sendJson(HttpExchange exchange, int status, JsonNode node) throws IOException {
        send(exchange, status, "application/json; charset=utf-8", JSON.writeValueAsBytes(node));
    }

    static void sendError(HttpExchange exchange, int status, String message) throws IOException {
        sendJson(exchange, status, JSON.createObjectNode().put("error", message));
    }

    static void send(HttpExchange exchange, int status, String contentType, byte[] bytes) throws IOException {
        Headers headers = exchange.getResponseHeaders();
        headers.set("Content-Type", contentType);
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Cache-Control", "no-store");
        headers.set("Referrer-Policy", "no-referrer");
        headers.set("Content-Security-Policy", "default-src 'self'; img-src 'self' blob: data:; "
                + "style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'");
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, head ? -1 : (bytes.length == 0 ? -1 : bytes.length));
        if (!head && bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
