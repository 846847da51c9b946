/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.duet.Spelling;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;

/**
 * The checks every JSON request body shares: no unknown fields, bounded text, whole numbers in
 * range, enums in their one spelling ({@link Spelling}).
 */
final class RequestFields {

    private RequestFields() {
    }

    static void onlyKnown(JsonNode body, Set<String> fields) {
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!fields.contains(name)) {
                throw ApiException.badRequest("unknown field " + name);
            }
        }
    }

    /**
     * The non-blank text of field {@code name}, at most {@code maxChars} characters.
     *
     * @param noun how the messages name it ("caption", "first text")
     */
    static String requiredText(JsonNode body, String name, String noun, int maxChars) {
        JsonNode node = body.get(name);
        if (node == null || !node.isTextual() || node.asText().isBlank()) {
            throw ApiException.badRequest("type the " + noun + " (" + name + ")");
        }
        String text = node.asText();
        if (text.length() > maxChars) {
            throw ApiException.badRequest("the " + noun + " has " + text.length() + " characters, more than the limit of "
                    + maxChars);
        }
        return text;
    }

    /** The field's value in its one spelling ({@link Spelling}), or {@code fallback} when absent. */
    static <E extends Enum<E>> E spelled(JsonNode body, String name, E fallback) {
        Class<E> type = fallback.getDeclaringClass();
        JsonNode node = body.get(name);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isTextual()) {
            throw ApiException.badRequest(name + " must be text, one of " + Spelling.choices(type));
        }
        return Spelling.parse(type, node.asText().toLowerCase(Locale.ROOT)).orElseThrow(
                () -> ApiException.badRequest(name + " must be one of " + Spelling.choices(type)));
    }

    static int integer(JsonNode body, String name, int fallback, int min, int max) {
        JsonNode node = body.get(name);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.asInt() < min || node.asInt() > max) {
            throw ApiException.badRequest(name + " must be a whole number in " + min + ".." + max);
        }
        return node.asInt();
    }
}
