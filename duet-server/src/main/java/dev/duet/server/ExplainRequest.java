package dev.duet.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.duet.explain.ExplainOptions;
import dev.duet.explain.Normalization;
import dev.duet.explain.Quadrature;
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
        Normalization normalization = switch (text(body, "normalization", "exact")) {
            case "exact" -> Normalization.EXACT;
            case "published" -> Normalization.PUBLISHED;
            default -> throw ApiException.badRequest("normalization must be exact or published");
        };
        Quadrature quadrature = switch (text(body, "quadrature", "adaptive")) {
            case "gauss" -> Quadrature.GAUSS_LEGENDRE;
            case "riemann" -> Quadrature.RIEMANN;
            case "adaptive" -> Quadrature.ADAPTIVE;
            default -> throw ApiException.badRequest("quadrature must be gauss, riemann or adaptive");
        };
        int steps = integer(body, "steps", 8, 1, MAX_STEPS);
        return new ExplainRequest(caption, imageNode.asText(), textLayer, imageLayer, normalization, quadrature, steps);
    }

    ExplainOptions options() {
        return ExplainOptions.defaults()
                .withLayers(textLayer, imageLayer)
                .withNormalization(normalization)
                .withQuadrature(quadrature, steps);
    }

    /** Everything that changes the text factor, the image factor, or the explanation. */
    String textKey() {
        return textLayer + "|" + settingsKey() + "|" + caption;
    }

    String imageKey() {
        return imageLayer + "|" + settingsKey() + "|" + imageId;
    }

    String key() {
        return textLayer + "|" + imageLayer + "|" + settingsKey() + "|" + imageId + "|" + caption;
    }

    String quadratureName() {
        return switch (quadrature) {
            case GAUSS_LEGENDRE -> "gauss";
            case RIEMANN -> "riemann";
            case ADAPTIVE -> "adaptive";
        };
    }

    private String settingsKey() {
        return normalization + "|" + quadrature + "|" + steps;
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
