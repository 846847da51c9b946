/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.server;

import com.fasterxml.jackson.databind.JsonNode;
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
        RequestFields.onlyKnown(body, FIELDS);
        String caption = RequestFields.requiredText(body, "caption", "caption", maxCaptionChars);
        JsonNode imageNode = body.get("image");
        if (imageNode == null || !imageNode.isTextual()) {
            throw ApiException.badRequest("choose an image");
        }
        int textLayer = RequestFields.integer(body, "textLayer", textLayers - 1, 0, textLayers - 1);
        int imageLayer = RequestFields.integer(body, "imageLayer", imageLayers - 1, 0, imageLayers - 1);
        Settings settings = Settings.parse(body);
        return new ExplainRequest(caption, imageNode.asText(), textLayer, imageLayer, settings.normalization(),
                settings.quadrature(), settings.steps());
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

    /** The settings both factors share (and both sentences' factors of a text pair). */
    record Settings(Normalization normalization, Quadrature quadrature, int steps) {

        /** The fields normalization (default exact), quadrature (adaptive) and steps (8, in 1..MAX_STEPS). */
        static Settings parse(JsonNode body) {
            return new Settings(RequestFields.spelled(body, "normalization", Normalization.EXACT),
                    RequestFields.spelled(body, "quadrature", Quadrature.ADAPTIVE),
                    RequestFields.integer(body, "steps", 8, 1, MAX_STEPS));
        }
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
}
