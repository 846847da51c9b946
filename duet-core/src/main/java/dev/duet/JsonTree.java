/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Reads a JSON document (a checkpoint's config, a safetensors header) into the same tree an
 * {@code ObjectMapper}'s {@code readTree} makes: ints as int, long or big-integer nodes by size,
 * other numbers as doubles, a repeated name's last value kept unless duplicates are refused,
 * {@link MissingNode} for empty input. Written on the streaming parser because building an
 * {@code ObjectMapper} loads its whole serialisation machinery for documents of a few hundred bytes:
 * in a fresh JVM without the start-up cache, the default model's config took 231-269 ms to read that
 * way and 73-75 ms this way (BENCHMARKS.md, session 21).
 */
public enum JsonTree {
    /** Repeated names in an object: the last value wins, as Jackson's default. */
    LENIENT(JsonFactory.builder().build()),
    /** Repeated names in an object are refused: {@code JsonParseException} "Duplicate field ...". */
    STRICT(JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());

    private final JsonFactory factory;

    JsonTree(JsonFactory factory) {
        this.factory = factory;
    }

    /**
     * {@return the document's tree}
     *
     * @throws com.fasterxml.jackson.core.JsonProcessingException if the bytes are not JSON
     */
    public JsonNode read(byte[] json) throws IOException {
        try (JsonParser parser = factory.createParser(json)) {
            return document(parser);
        }
    }

    /**
     * {@link #read(byte[])} of a document already decoded to text.
     *
     * @throws JsonProcessingException if the text is not JSON
     */
    public JsonNode read(String json) throws JsonProcessingException {
        try (JsonParser parser = factory.createParser(json)) {
            return document(parser);
        } catch (JsonProcessingException e) {
            throw e;
        } catch (IOException e) {
            // text in memory has no other way to fail
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode document(JsonParser parser) throws IOException {
        return parser.nextToken() == null ? MissingNode.getInstance() : value(parser);
    }

    /** The value that starts at the parser's current token; leaves the parser on its last token. */
    private static JsonNode value(JsonParser parser) throws IOException {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        return switch (parser.currentToken()) {
            case START_OBJECT -> {
                ObjectNode object = nodes.objectNode();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    parser.nextToken();
                    object.set(name, value(parser));
                }
                yield object;
            }
            case START_ARRAY -> {
                ArrayNode array = nodes.arrayNode();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    array.add(value(parser));
                }
                yield array;
            }
            case VALUE_STRING -> nodes.textNode(parser.getText());
            case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                case INT -> nodes.numberNode(parser.getIntValue());
                case LONG -> nodes.numberNode(parser.getLongValue());
                default -> nodes.numberNode(parser.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> nodes.numberNode(parser.getDoubleValue());
            case VALUE_TRUE -> nodes.booleanNode(true);
            case VALUE_FALSE -> nodes.booleanNode(false);
            case VALUE_NULL -> nodes.nullNode();
            default -> throw new IllegalStateException("token " + parser.currentToken() + " cannot start a value");
        };
    }
}
