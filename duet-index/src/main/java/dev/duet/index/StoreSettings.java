/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.duet.BadInputException;
import dev.duet.explain.ExplainOptions;
import dev.duet.explain.ImageMode;
import dev.duet.explain.ImageReference;
import dev.duet.explain.Normalization;
import dev.duet.explain.Quadrature;
import dev.duet.model.ImageTower;
import dev.duet.model.ModelChecksum;

import java.util.Iterator;
import java.util.Locale;
import java.util.Objects;

/**
 * Everything that decides what a stored image factor holds: the model (its {@link ModelChecksum}),
 * the cut of the vision tower, the reference image, the normalisation, the quadrature (rule, first
 * node count, adaptive tolerance), the precision of the rows, and the factor's shape. Two stores
 * whose settings differ are never mixed, and a query is explained with these same settings.
 *
 * @param imageLayer the cut of the image tower ({@link ImageTower#cut}: the input of a vision block, 0 = after
 *                   {@code pre_layrnorm}, or a ResNet's stage)
 * @param rows       the factor's rows: CLS (when {@code classRow}) then the grid's cells row-major
 * @param dim        the embedding width P
 * @param classRow   whether the rows start with a class row (CLIP's vision transformers; not SigLIP's, not a ResNet's
 *                   map); stores written before this field existed have one
 */
public record StoreSettings(String modelSha256, int imageLayer, ImageReference imageReference, Normalization normalization,
                            Quadrature quadrature, int steps, double tolerance, Precision precision, int rows, int dim,
                            int gridRows, int gridCols, boolean classRow) {

    /** Lucene's HNSW vector format takes at most 1024 dimensions (CLIP's projections are 512 to 1024). */
    public static final int MAX_DIM = 1024;
    static final int MAX_ROWS = 1 << 16;

    public StoreSettings {
        if (modelSha256 == null || !modelSha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("model_sha256 must be 64 lower-case hex digits");
        }
        Objects.requireNonNull(imageReference, "image_reference");
        Objects.requireNonNull(normalization, "normalization");
        Objects.requireNonNull(quadrature, "quadrature");
        Objects.requireNonNull(precision, "precision");
        if (imageReference instanceof ImageReference.Given) {
            throw new IllegalArgumentException("a store keeps a mean, constant or blur reference, not a reference image file");
        }
        if (imageLayer < 0 || imageLayer > 4096) {
            throw new IllegalArgumentException("image_layer " + imageLayer + " is outside 0..4096");
        }
        if (steps < 1 || steps > ExplainOptions.MAX_STEPS) {
            throw new IllegalArgumentException("steps " + steps + " is outside 1.." + ExplainOptions.MAX_STEPS);
        }
        if (!(tolerance > 0 && Double.isFinite(tolerance))) {
            throw new IllegalArgumentException("tolerance must be finite and positive");
        }
        if (gridRows < 1 || gridCols < 1 || gridRows > MAX_ROWS || gridCols > MAX_ROWS
                || (long) gridRows * gridCols + (classRow ? 1 : 0) != rows || rows > MAX_ROWS) {
            throw new IllegalArgumentException("rows " + rows + " is not " + (classRow ? "1 + " : "") + "a grid of "
                    + gridRows + " x " + gridCols + " cells (at most " + MAX_ROWS + " rows)");
        }
        if (dim < 1 || dim > MAX_DIM) {
            throw new IllegalArgumentException("dim " + dim + " is outside 1.." + MAX_DIM);
        }
    }

    /** Settings with a class row: the form of stores written before {@code class_row} was recorded. */
    public StoreSettings(String modelSha256, int imageLayer, ImageReference imageReference, Normalization normalization,
                         Quadrature quadrature, int steps, double tolerance, Precision precision, int rows, int dim,
                         int gridRows, int gridCols) {
        this(modelSha256, imageLayer, imageReference, normalization, quadrature, steps, tolerance, precision, rows, dim,
                gridRows, gridCols, true);
    }

    /** The settings of image factors of {@code vision} computed with these options (layers resolved). */
    public static StoreSettings of(String modelSha256, ImageTower vision, ExplainOptions options, Precision precision) {
        if (options.imageLayer() == null) {
            throw new IllegalArgumentException("the options' image layer must be resolved (Explainer.options())");
        }
        if (options.imageReference() instanceof ImageReference.Given) {
            throw new BadInputException(null, "an index keeps a mean, constant or blur image reference, not a reference image file");
        }
        int dim = vision.projectionDim();
        if (dim > MAX_DIM) {
            throw new BadInputException(null, "the model's embeddings have " + dim
                    + " dimensions; Lucene's vector field takes at most " + MAX_DIM);
        }
        ImageTower.Cut cut = vision.cut(options.imageLayer());
        return new StoreSettings(modelSha256, options.imageLayer(), options.imageReference(), options.normalization(),
                options.quadrature(), options.steps(), options.tolerance(), precision, cut.rows(), dim,
                cut.gridRows(), cut.gridCols(), cut.classRow());
    }

    /**
     * Explanation settings for queries against these factors: the stored image side (layer,
     * reference, normalisation, quadrature) with the text tower cut at {@code textLayer} (null =
     * its last block). The image mode is forward: the stored V is the image side.
     */
    public ExplainOptions explainOptions(Integer textLayer) {
        return ExplainOptions.defaults()
                .withLayers(textLayer, imageLayer)
                .withQuadrature(quadrature, steps)
                .withTolerance(tolerance)
                .withNormalization(normalization)
                .withImageReference(imageReference)
                .withImageMode(ImageMode.FORWARD);
    }

    /** Bytes of one stored item: raw embedding and reference embedding (float32), then the rows. */
    public long itemBytes() {
        return Math.addExact(2L * Float.BYTES * dim, Math.multiplyExact((long) rows * dim, precision.bytes()));
    }

    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("model_sha256", modelSha256);
        json.put("image_layer", imageLayer);
        ObjectNode reference = json.putObject("image_reference");
        switch (imageReference) {
            case ImageReference.MeanColour mean -> reference.put("kind", "mean");
            case ImageReference.Constant constant -> reference.put("kind", "constant").putArray("rgb")
                    .add(constant.red()).add(constant.green()).add(constant.blue());
            case ImageReference.Blurred blurred -> reference.put("kind", "blur").put("sigma", blurred.sigmaPixels());
            case ImageReference.Given given -> throw new IllegalStateException("refused by the constructor");
        }
        json.put("normalization", lower(normalization));
        json.put("quadrature", lower(quadrature));
        json.put("steps", steps);
        json.put("tolerance", tolerance);
        json.put("precision", precision.label());
        json.put("rows", rows);
        json.put("dim", dim);
        json.putArray("grid").add(gridRows).add(gridCols);
        json.put("class_row", classRow);
        return json;
    }

    /** Parses {@link #toJson}'s form; a missing or invalid field is an {@link IllegalArgumentException} naming it. */
    public static StoreSettings fromJson(JsonNode json) {
        if (json == null || !json.isObject()) {
            throw new IllegalArgumentException("settings must be a JSON object");
        }
        JsonNode grid = required(json, "grid");
        if (!grid.isArray() || grid.size() != 2) {
            throw new IllegalArgumentException("grid must be [rows, cols]");
        }
        return new StoreSettings(text(json, "model_sha256"), integer(json, "image_layer"), reference(required(json, "image_reference")),
                named(Normalization.class, text(json, "normalization")), named(Quadrature.class, text(json, "quadrature")),
                integer(json, "steps"), number(json, "tolerance"), Precision.ofLabel(text(json, "precision")),
                integer(json, "rows"), integer(json, "dim"), integer(grid, 0, "grid"), integer(grid, 1, "grid"),
                classRow(json));
    }

    /** {@code class_row}; absent in stores written before it was recorded, all of which have one. */
    private static boolean classRow(JsonNode json) {
        JsonNode value = json.get("class_row");
        if (value == null) {
            return true;
        }
        if (!value.isBoolean()) {
            throw new IllegalArgumentException("class_row must be true or false");
        }
        return value.booleanValue();
    }

    /** The first setting that differs, in the user's terms ({@code image_layer 2 here, 3 there}); null when none does. */
    public String firstDifference(StoreSettings other) {
        ObjectNode mine = toJson();
        ObjectNode theirs = other.toJson();
        for (Iterator<String> names = mine.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!mine.get(name).equals(theirs.get(name))) {
                return name + " " + mine.get(name) + " here, " + theirs.get(name) + " there";
            }
        }
        return null;
    }

    private static ImageReference reference(JsonNode json) {
        String kind = text(json, "kind");
        return switch (kind) {
            case "mean" -> new ImageReference.MeanColour();
            case "constant" -> {
                JsonNode rgb = required(json, "rgb");
                if (!rgb.isArray() || rgb.size() != 3 || !rgb.get(0).isNumber() || !rgb.get(1).isNumber() || !rgb.get(2).isNumber()) {
                    throw new IllegalArgumentException("image_reference rgb must be three numbers");
                }
                yield constant(rgb);
            }
            case "blur" -> {
                double sigma = number(json, "sigma");
                if (!(sigma > 0 && sigma <= ImageReference.Blurred.MAX_SIGMA_PIXELS)) {
                    throw new IllegalArgumentException("image_reference sigma " + sigma + " is outside (0, "
                            + ImageReference.Blurred.MAX_SIGMA_PIXELS + "]");
                }
                yield new ImageReference.Blurred(sigma);
            }
            default -> throw new IllegalArgumentException("image_reference kind '" + kind + "' is not mean, constant or blur");
        };
    }

    private static ImageReference constant(JsonNode rgb) {
        float[] components = new float[3];
        for (int c = 0; c < 3; c++) {
            components[c] = (float) rgb.get(c).asDouble();
            if (!(components[c] >= 0f && components[c] <= 1f)) {
                throw new IllegalArgumentException("image_reference rgb components must be in 0..1");
            }
        }
        return new ImageReference.Constant(components[0], components[1], components[2]);
    }

    private static String lower(Enum<?> value) {
        return dev.duet.Spelling.of(value);
    }

    private static <E extends Enum<E>> E named(Class<E> type, String name) {
        return dev.duet.Spelling.parse(type, name).orElseThrow(() -> new IllegalArgumentException("'" + name + "' is not a "
                + type.getSimpleName().toLowerCase(Locale.ROOT)));
    }

    private static JsonNode required(JsonNode json, String name) {
        JsonNode value = json.get(name);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("settings lack '" + name + "'");
        }
        return value;
    }

    private static String text(JsonNode json, String name) {
        JsonNode value = required(json, name);
        if (!value.isTextual()) {
            throw new IllegalArgumentException("'" + name + "' must be a string");
        }
        return value.asText();
    }

    private static int integer(JsonNode json, String name) {
        JsonNode value = required(json, name);
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new IllegalArgumentException("'" + name + "' must be an integer");
        }
        return value.asInt();
    }

    private static int integer(JsonNode array, int index, String name) {
        JsonNode value = array.get(index);
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new IllegalArgumentException("'" + name + "' must hold integers");
        }
        return value.asInt();
    }

    private static double number(JsonNode json, String name) {
        JsonNode value = required(json, name);
        if (!value.isNumber()) {
            throw new IllegalArgumentException("'" + name + "' must be a number");
        }
        return value.asDouble();
    }
}
