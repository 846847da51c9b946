/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.duet.BadInputException;
import dev.duet.tensor.Activation;

import java.nio.file.Path;

/** Typed access to a parsed JSON config that names the file and the key in every error. */
record JsonConfig(Path file, JsonNode node, String prefix) {

    JsonConfig child(String key) {
        JsonNode child = node.get(key);
        if (child == null || child.isNull()) {
            return new JsonConfig(file, com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode(), prefix + key + ".");
        }
        if (!child.isObject()) {
            throw new BadInputException(file, "'" + prefix + key + "' must be an object");
        }
        return new JsonConfig(file, child, prefix + key + ".");
    }

    boolean has(String key) {
        return node.hasNonNull(key);
    }

    int integer(String key, int fallback) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new BadInputException(file, "'" + prefix + key + "' must be an integer, got " + value);
        }
        return value.asInt();
    }

    /** Whether the value under {@code key} is a list (open_clip's ResNet stages, where a transformer has a count). */
    boolean isList(String key) {
        JsonNode value = node.get(key);
        return value != null && value.isArray();
    }

    /** A list of integers, at most {@code limit} long. */
    int[] integers(String key, int limit) {
        JsonNode value = node.get(key);
        if (value == null || !value.isArray() || value.size() > limit) {
            throw new BadInputException(file, "'" + prefix + key + "' must be a list of at most " + limit + " integers");
        }
        int[] values = new int[value.size()];
        for (int i = 0; i < values.length; i++) {
            JsonNode item = value.get(i);
            if (!item.isIntegralNumber() || !item.canConvertToInt()) {
                throw new BadInputException(file, "'" + prefix + key + "' must hold integers, got " + item);
            }
            values[i] = item.asInt();
        }
        return values;
    }

    int requiredInteger(String key) {
        if (!has(key)) {
            throw new BadInputException(file, "missing '" + prefix + key + "'");
        }
        return integer(key, 0);
    }

    float number(String key, float fallback) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isNumber() || !Double.isFinite(value.asDouble())) {
            throw new BadInputException(file, "'" + prefix + key + "' must be a finite number, got " + value);
        }
        return (float) value.asDouble();
    }

    /** A required finite number at the precision JSON (and Python's float) holds it. */
    double decimal(String key) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            throw new BadInputException(file, "missing '" + prefix + key + "'");
        }
        if (!value.isNumber() || !Double.isFinite(value.asDouble())) {
            throw new BadInputException(file, "'" + prefix + key + "' must be a finite number, got " + value);
        }
        return value.asDouble();
    }

    String text(String key, String fallback) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isTextual()) {
            throw new BadInputException(file, "'" + prefix + key + "' must be a string, got " + value);
        }
        return value.asText();
    }

    boolean bool(String key, boolean fallback) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isBoolean()) {
            throw new BadInputException(file, "'" + prefix + key + "' must be true or false, got " + value);
        }
        return value.asBoolean();
    }

    Activation activation(String key, String fallback) {
        String name = text(key, fallback);
        Activation activation = HiddenActivation.fromConfigName(name);
        if (activation == null) {
            throw new BadInputException(file, "'" + prefix + key + "' = '" + name
                    + "' is not supported (quick_gelu, gelu, gelu_new, gelu_pytorch_tanh, relu, silu, swish)");
        }
        return activation;
    }
}
