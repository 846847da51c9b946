/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.duet.Spelling;
import dev.duet.explain.ExplainOptions;
import dev.duet.explain.Normalization;
import dev.duet.explain.Quadrature;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;

/**
 * What the page asks to explain, checked field by field: a caption, an image id and the
 * settings the page can switch (layers, normalisation, quadrature, steps).
 */
record ExplainRequest(String caption, String imageId, int textLayer, int imageLayer, Normalization normalization,
                      Quadrature quadrature, int steps) {

    static final int MAX_STEPS = 64;
    private static final Set<String> FIELDS = Set.of("caption", "image", "textLayer", "imageLayer", "normalization",
            "quadrature", "steps");

    /**
     * @param textLayers  blocks of the text tower: layers 0..textLayers-1 may be cut
     * @param imageLayers the same for the vision tower
     */
    static ExplainRequest parse(JsonNode body, int maxCaptionChars, int textLayers, int imageLayers) {
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw ApiException.badRequest("unknown field " + name);
            }
        }
        JsonNode captionNode = body.get("caption");
        if (captionNode == null || !captionNode.isTextual() || captionNode.asText().isBlank()) {
            throw ApiException.badRequest("type a caption");
        }
        String caption = captionNode.asText();
        if (caption.length() > maxCaptionChars) {
            throw ApiException.badRequest("the caption has " + caption.length() + " characters, more than the limit of "
                    + maxCaptionChars);
        }
        JsonNode imageNode = body.get("image");
        if (imageNode == null || !imageNode.isTextual()) {
            throw ApiException.badRequest("choose an image");
        }
        int textLayer = integer(body, "textLayer", textLayers - 1, 0, textLayers - 1);
        int imageLayer = integer(body, "imageLayer", imageLayers - 1, 0, imageLayers - 1);
        Normalization normalization = spelled(body, "normalization", Normalization.EXACT);
        Quadrature quadrature = spelled(body, "quadrature", Quadrature.ADAPTIVE);
        int steps = integer(body, "steps", 8, 1, MAX_STEPS);
        return new ExplainRequest(caption, imageNode.asText(), textLayer, imageLayer, normalization, quadrature, steps);
    }

    ExplainOptions options() {
        return ExplainOptions.defaults()
                .withLayers(textLayer, imageLayer)
                .withNormalization(normalization)
                .withQuadrature(quadrature, steps);
    }

    /** Everything the text factor depends on. */
    TextKey textKey() {
        return new TextKey(textLayer, settings(), caption);
    }

    /** Everything the image factor depends on. */
    ImageKey imageKey() {
        return new ImageKey(imageLayer, settings(), imageId);
    }

    /** Everything the explanation depends on: its two factors'. */
    Key key() {
        return new Key(textKey(), imageKey());
    }

    private Settings settings() {
        return new Settings(normalization, quadrature, steps);
    }

    /** The settings both factors share. */
    record Settings(Normalization normalization, Quadrature quadrature, int steps) {
    }

    record TextKey(int layer, Settings settings, String caption) {
    }

    record ImageKey(int layer, Settings settings, String imageId) {
    }

    record Key(TextKey text, ImageKey image) {

        /**
         * 24 hexadecimal digits naming the explanation in the API: the first 12 bytes of SHA-256 over
         * the fields, each string prefixed by its length so that no two keys share an encoding.
         */
        String id() {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeInt(text.layer());
                out.writeInt(image.layer());
                out.writeInt(text.settings().normalization().ordinal());
                out.writeInt(text.settings().quadrature().ordinal());
                out.writeInt(text.settings().steps());
                for (String field : new String[] {image.imageId(), text.caption()}) {
                    byte[] utf8 = field.getBytes(StandardCharsets.UTF_8);
                    out.writeInt(utf8.length);
                    out.write(utf8);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("an in-memory stream does not fail", e);
            }
            try {
                return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray()), 0, 12);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every Java platform provides SHA-256", e);
            }
        }
    }

    /** The field's value in its one spelling ({@link Spelling}), or {@code fallback} when absent. */
    private static <E extends Enum<E>> E spelled(JsonNode body, String name, E fallback) {
        Class<E> type = fallback.getDeclaringClass();
        return Spelling.parse(type, text(body, name, Spelling.of(fallback))).orElseThrow(
                () -> ApiException.badRequest(name + " must be one of " + Spelling.choices(type)));
    }

    private static int integer(JsonNode body, String name, int fallback, int min, int max) {
        JsonNode node = body.get(name);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.asInt() < min || node.asInt() > max) {
            throw ApiException.badRequest(name + " must be a whole number in " + min + ".." + max);
        }
        return node.asInt();
    }

    private static String text(JsonNode body, String name, String fallback) {
        JsonNode node = body.get(name);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isTextual()) {
            throw ApiException.badRequest(name + " must be text");
        }
        return node.asText().toLowerCase(Locale.ROOT);
    }
}
