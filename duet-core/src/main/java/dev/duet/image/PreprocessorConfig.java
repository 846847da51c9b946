/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.image;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.duet.BadInputException;
import dev.duet.InputFiles;
import dev.duet.JsonTree;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Set;

/**
 * The image half of a HuggingFace {@code preprocessor_config.json} for CLIP
 * ({@code CLIPImageProcessor}, or the older {@code CLIPFeatureExtractor}) or SigLIP
 * ({@code SiglipImageProcessor}): resize to {@code resize} (CLIP's short side, or SigLIP's fixed
 * height x width), centre-crop {@code cropWidth x cropHeight}, rescale the 8-bit samples
 * by {@code rescaleFactor}, then subtract {@code imageMean} and divide by {@code imageStd} per
 * channel (R, G, B). Mean and std are float32, as numpy and torch hold them.
 *
 * <p>{@code doConvertRgb} is kept for the record only: the vision tower needs three channels,
 * so every image is converted to RGB the way PIL does.
 *
 * @param doResize      whether images are resized ({@code do_resize})
 * @param resize        the size they are resized to ({@code size})
 * @param resample      the resampling filter ({@code resample}, PIL's number)
 * @param doCenterCrop  whether the resized image is centre-cropped ({@code do_center_crop})
 * @param cropWidth     the crop's width in pixels, 1..{@value #MAX_SIDE} ({@code crop_size})
 * @param cropHeight    the crop's height in pixels, 1..{@value #MAX_SIDE}
 * @param doRescale     whether samples are multiplied by {@code rescaleFactor} ({@code do_rescale})
 * @param rescaleFactor the factor from 8-bit samples to the model's range, 1/255 for [0, 1]; positive and finite
 * @param doNormalize   whether mean and std are applied ({@code do_normalize})
 * @param imageMean     per-channel mean subtracted, [3] R, G, B (copied in and out), finite
 * @param imageStd      per-channel standard deviation divided by, [3] (copied in and out), finite, of
 *                      magnitude at least 1e-6
 * @param doConvertRgb  {@code do_convert_rgb}, kept for the record
 */
public record PreprocessorConfig(boolean doResize, ResizeTarget resize, ResampleFilter resample,
                                 boolean doCenterCrop, int cropWidth, int cropHeight,
                                 boolean doRescale, double rescaleFactor,
                                 boolean doNormalize, float[] imageMean, float[] imageStd,
                                 boolean doConvertRgb) {

    /** OpenAI CLIP's channel means as transformers writes them ({@code OPENAI_CLIP_MEAN}), R, G, B. */
    private static final double[] OPENAI_CLIP_MEAN = {0.48145466, 0.4578275, 0.40821073};

    /** OpenAI CLIP's channel standard deviations as transformers writes them ({@code OPENAI_CLIP_STD}). */
    private static final double[] OPENAI_CLIP_STD = {0.26862954, 0.26130258, 0.27577711};

    /** The same in float32, as the preprocessing uses them. */
    private static final float[] CLIP_MEAN = toFloats(OPENAI_CLIP_MEAN);
    private static final float[] CLIP_STD = toFloats(OPENAI_CLIP_STD);

    /** transformers' default when the file names no size: ViT-B's 224 pixels. */
    public static final int DEFAULT_SIZE = 224;

    /** Longest side accepted for a resize target or a crop: far above any CLIP model. */
    public static final int MAX_SIDE = 16_384;

    private static final long MAX_FILE_BYTES = 1 << 20;
    private static final double ONE_OVER_255 = 1.0 / 255.0;
    private static final Set<String> SIZE_KEYS = Set.of("shortest_edge", "height", "width", "longest_edge");

    /**
     * Checks the settings.
     *
     * @throws IllegalArgumentException if the resize target or filter is null, a crop side is outside
     *         1..{@value #MAX_SIDE}, the rescale factor is not positive and finite, or mean or std is not three
     *         finite values (std away from 0)
     */
    public PreprocessorConfig {
        if (resize == null || resample == null) {
            throw new IllegalArgumentException("resize target or resample filter is missing");
        }
        checkSide("crop_size.width", cropWidth);
        checkSide("crop_size.height", cropHeight);
        if (!(rescaleFactor > 0.0) || Double.isInfinite(rescaleFactor)) {
            throw new IllegalArgumentException("rescale_factor must be a positive finite number, got "
                    + rescaleFactor);
        }
        imageMean = checkTriple("image_mean", imageMean, false);
        imageStd = checkTriple("image_std", imageStd, true);
    }

    /**
     * {@return OpenAI CLIP's preprocessing for a vision tower of {@code imageSize} pixels (no config file)}
     *
     * @param imageSize the tower's input side in pixels
     */
    public static PreprocessorConfig clipDefaults(int imageSize) {
        return new PreprocessorConfig(true, new ResizeTarget.ShortestEdge(imageSize), ResampleFilter.BICUBIC, true, imageSize, imageSize,
                true, ONE_OVER_255, true, CLIP_MEAN, CLIP_STD, true);
    }

    /**
     * transformers' {@code SiglipImageProcessor} defaults for a tower of {@code imageSize} pixels:
     * bicubic resize to {@code imageSize x imageSize} whatever the aspect ratio, no crop, mean and
     * std 0.5 per channel.
     *
     * @param imageSize the tower's input side in pixels
     * @return the settings
     */
    public static PreprocessorConfig siglipDefaults(int imageSize) {
        float[] half = {0.5f, 0.5f, 0.5f};
        return new PreprocessorConfig(true, new ResizeTarget.Exact(imageSize, imageSize), ResampleFilter.BICUBIC,
                false, imageSize, imageSize, true, ONE_OVER_255, true, half, half, true);
    }

    /**
     * The {@code preprocessor_config.json} of {@link #clipDefaults} for {@code imageSize}, as
     * transformers' {@code CLIPImageProcessor} writes it (mean and std in transformers' decimals),
     * pretty-printed UTF-8: what a model trained by Duet ships.
     *
     * @param imageSize the tower's input side in pixels
     * @return the file's bytes
     */
    public static byte[] clipDefaultsFile(int imageSize) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("image_processor_type", "CLIPImageProcessor");
        root.put("do_resize", true);
        root.putObject("size").put("shortest_edge", imageSize);
        root.put("resample", ResampleFilter.BICUBIC.pilCode());
        root.put("do_center_crop", true);
        root.putObject("crop_size").put("height", imageSize).put("width", imageSize);
        root.put("do_rescale", true);
        root.put("rescale_factor", ONE_OVER_255);
        root.put("do_normalize", true);
        ArrayNode mean = root.putArray("image_mean");
        ArrayNode std = root.putArray("image_std");
        for (int channel = 0; channel < 3; channel++) {
            mean.add(OPENAI_CLIP_MEAN[channel]);
            std.add(OPENAI_CLIP_STD[channel]);
        }
        root.put("do_convert_rgb", true);
        return bytes(root);
    }

    /**
     * The {@code preprocessor_config.json} of {@link #siglipDefaults} for {@code imageSize}, as
     * transformers' {@code SiglipImageProcessor} writes it.
     *
     * @param imageSize the tower's input side in pixels
     * @return the file's bytes
     */
    public static byte[] siglipDefaultsFile(int imageSize) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("image_processor_type", "SiglipImageProcessor");
        root.put("do_resize", true);
        root.putObject("size").put("height", imageSize).put("width", imageSize);
        root.put("resample", ResampleFilter.BICUBIC.pilCode());
        root.put("do_rescale", true);
        root.put("rescale_factor", ONE_OVER_255);
        root.put("do_normalize", true);
        ArrayNode mean = root.putArray("image_mean");
        ArrayNode std = root.putArray("image_std");
        for (int channel = 0; channel < 3; channel++) {
            mean.add(0.5);
            std.add(0.5);
        }
        root.put("do_convert_rgb", true);
        return bytes(root);
    }

    private static byte[] bytes(ObjectNode root) {
        try {
            return new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings and numbers always serialises", e);
        }
    }

    /**
     * The model directory's {@code preprocessor_config.json}, or {@link #clipDefaults} for
     * {@code imageSize} (the vision config's {@code image_size}) when the directory has none; open_clip's
     * {@code preprocess_cfg} in its {@code open_clip_config.json} when it has that instead.
     *
     * @param modelDirectory a checkpoint folder
     * @param imageSize      the vision tower's input side in pixels
     * @return the settings
     * @throws BadInputException if the file is unreadable, not valid JSON or holds a setting Duet cannot follow
     */
    public static PreprocessorConfig forModelDirectory(Path modelDirectory, int imageSize) {
        Path file = modelDirectory.resolve("preprocessor_config.json");
        if (Files.exists(file)) {
            return load(file);
        }
        Path openClip = modelDirectory.resolve(OPEN_CLIP_CONFIG);
        return Files.exists(openClip) ? openClip(openClip, imageSize) : clipDefaults(imageSize);
    }

    private static final String OPEN_CLIP_CONFIG = "open_clip_config.json";

    /**
     * open_clip's preprocessing as its {@code open_clip_config.json} states it in
     * {@code preprocess_cfg} (open_clip's {@code PreprocessCfg}: {@code size}, {@code mode},
     * {@code mean}, {@code std}, {@code interpolation}, {@code resize_mode}, {@code fill_color}),
     * each absent field at open_clip's default, which are OpenAI's ({@link #clipDefaults}):
     * {@code resize_mode} "shortest" resizes the short side and centre-crops, "squash" resizes to
     * the square whatever the aspect ratio; "longest" (resize the long side and pad with
     * {@code fill_color}) is refused, as are interpolations other than bicubic and bilinear.
     */
    static PreprocessorConfig openClip(Path file, int imageSize) {
        JsonNode root;
        try {
            InputFiles.checkedSize(file, MAX_FILE_BYTES);
            root = JsonTree.LENIENT.read(Files.readAllBytes(file));
        } catch (JacksonException e) {
            throw new BadInputException(file, "not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new BadInputException(file, "cannot read: " + e.getMessage(), e);
        }
        JsonNode cfg = root.get("preprocess_cfg");
        if (cfg == null || cfg.isNull()) {
            return clipDefaults(imageSize);
        }
        try {
            return fromOpenClip(cfg, imageSize);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(file, "preprocess_cfg: " + e.getMessage(), e);
        }
    }

    private static PreprocessorConfig fromOpenClip(JsonNode cfg, int imageSize) {
        if (!cfg.isObject()) {
            throw new IllegalArgumentException("must be an object");
        }
        String mode = textField(cfg, "mode", "RGB");
        if (!mode.equals("RGB")) {
            throw new IllegalArgumentException("mode " + mode + " is not supported (open_clip takes RGB)");
        }
        int size = openClipSize(cfg.get("size"), imageSize);
        ResampleFilter resample = switch (textField(cfg, "interpolation", "bicubic")) {
            case "bicubic" -> ResampleFilter.BICUBIC;
            case "bilinear" -> ResampleFilter.BILINEAR;
            default -> throw new IllegalArgumentException("interpolation " + cfg.get("interpolation")
                    + " is not supported (bicubic or bilinear)");
        };
        float[] mean = tripleField(cfg, "mean", CLIP_MEAN);
        float[] std = tripleField(cfg, "std", CLIP_STD);
        return switch (textField(cfg, "resize_mode", "shortest")) {
            case "shortest" -> new PreprocessorConfig(true, new ResizeTarget.ShortestEdge(size), resample, true, size, size,
                    true, ONE_OVER_255, true, mean, std, true);
            case "squash" -> new PreprocessorConfig(true, new ResizeTarget.Exact(size, size), resample, false, size, size,
                    true, ONE_OVER_255, true, mean, std, true);
            case "longest" -> throw new IllegalArgumentException("resize_mode longest (resize the long side and pad) is"
                    + " not supported (shortest or squash)");
            default -> throw new IllegalArgumentException("resize_mode " + cfg.get("resize_mode")
                    + " is not shortest, squash or longest");
        };
    }

    /** {@code size}: an int or [height, width] of a square; absent, the model's image size. */
    private static int openClipSize(JsonNode size, int imageSize) {
        if (size == null || size.isNull()) {
            return imageSize;
        }
        JsonNode side = size.isArray() && size.size() == 2 && size.get(0).equals(size.get(1)) ? size.get(0) : size;
        if (side.isIntegralNumber()) {
            int pixels = toInt("size", side);
            checkSide("size", pixels);
            return pixels;
        }
        throw new IllegalArgumentException("size must be an integer or [height, width] of a square, got " + size);
    }

    private static String textField(JsonNode root, String name, String fallback) {
        JsonNode value = root.get(name);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException(name + " must be a string, got " + value);
        }
        return value.asText();
    }

    /**
     * Reads a {@code preprocessor_config.json}.
     *
     * @param file the file, at most 1 MiB
     * @return the settings, absent keys at transformers' defaults
     * @throws BadInputException if the file is unreadable, not valid JSON or holds a setting Duet cannot follow;
     *         the message names the file
     */
    public static PreprocessorConfig load(Path file) {
        byte[] json;
        try {
            InputFiles.checkedSize(file, MAX_FILE_BYTES);
            json = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new BadInputException(file, "cannot read preprocessor config: " + e.getMessage(), e);
        }
        return parse(file, json);
    }

    /**
     * Parses a {@code preprocessor_config.json}'s content.
     *
     * @param file names the source in error messages only
     * @param json the file's bytes, UTF-8
     * @return the settings, absent keys at transformers' defaults
     * @throws BadInputException if the bytes are not a JSON object or hold a setting Duet cannot follow
     */
    public static PreprocessorConfig parse(Path file, byte[] json) {
        JsonNode root;
        try {
            root = JsonTree.LENIENT.read(json);
        } catch (JacksonException e) {
            throw new BadInputException(file, "preprocessor config is not valid JSON: "
                    + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new BadInputException(file, "cannot read preprocessor config: " + e.getMessage(), e);
        }
        if (!root.isObject()) {
            throw new BadInputException(file, "preprocessor config must be a JSON object");
        }
        try {
            return fromJson(root);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(file, "preprocessor config: " + e.getMessage(), e);
        }
    }

    private static PreprocessorConfig fromJson(JsonNode root) {
        int resampleCode = intField(root, "resample", ResampleFilter.BICUBIC.pilCode());
        ResampleFilter resample = ResampleFilter.ofPilCode(resampleCode);
        if (resample == null) {
            throw new IllegalArgumentException("resample " + resampleCode
                    + " is not supported (2 = bilinear, 3 = bicubic)");
        }
        ResizeTarget resize = resizeTarget(root.get("size"));
        // SigLIP's processor has no crop: its fixed resize is the model's input unless the file says otherwise
        int[] crop = resize instanceof ResizeTarget.Exact exact && !root.has("crop_size")
                ? new int[] {exact.width(), exact.height()} : cropSize(root.get("crop_size"));
        return new PreprocessorConfig(
                booleanField(root, "do_resize", true), resize, resample,
                booleanField(root, "do_center_crop", !(resize instanceof ResizeTarget.Exact)), crop[0], crop[1],
                booleanField(root, "do_rescale", true), doubleField(root, "rescale_factor", ONE_OVER_255),
                booleanField(root, "do_normalize", true),
                tripleField(root, "image_mean", CLIP_MEAN), tripleField(root, "image_std", CLIP_STD),
                booleanField(root, "do_convert_rgb", true));
    }

    /**
     * {@code size}: an int or {"shortest_edge": n} (the short side, as CLIP's processors read it),
     * or {"height": h, "width": w} (a fixed resize, as SigLIP's processor reads it).
     */
    private static ResizeTarget resizeTarget(JsonNode size) {
        if (size == null || size.isNull()) {
            return new ResizeTarget.ShortestEdge(DEFAULT_SIZE);
        }
        if (size.isIntegralNumber()) {
            return new ResizeTarget.ShortestEdge(toInt("size", size));
        }
        if (!size.isObject()) {
            throw new IllegalArgumentException("size must be an integer or an object, got " + size);
        }
        rejectUnknownKeys("size", size);
        if (size.has("longest_edge")) {
            throw new IllegalArgumentException("size.longest_edge is not supported (only shortest_edge or"
                    + " height and width)");
        }
        if (size.has("shortest_edge")) {
            if (size.has("height") || size.has("width")) {
                throw new IllegalArgumentException("size gives both shortest_edge and height/width: " + size);
            }
            return new ResizeTarget.ShortestEdge(toInt("size.shortest_edge", size.get("shortest_edge")));
        }
        if (!size.has("height") || !size.has("width")) {
            throw new IllegalArgumentException("size must give shortest_edge, or height and width, got " + size);
        }
        return new ResizeTarget.Exact(toInt("size.width", size.get("width")), toInt("size.height", size.get("height")));
    }

    /** {@code crop_size}: an int (a square) or {"height": h, "width": w}; returns {width, height}. */
    private static int[] cropSize(JsonNode crop) {
        if (crop == null || crop.isNull()) {
            return new int[] {DEFAULT_SIZE, DEFAULT_SIZE};
        }
        if (crop.isIntegralNumber()) {
            int side = toInt("crop_size", crop);
            return new int[] {side, side};
        }
        if (!crop.isObject() || !crop.has("height") || !crop.has("width")) {
            throw new IllegalArgumentException("crop_size must be an integer or {\"height\", \"width\"}, got "
                    + crop);
        }
        rejectUnknownKeys("crop_size", crop);
        return new int[] {toInt("crop_size.width", crop.get("width")),
                toInt("crop_size.height", crop.get("height"))};
    }

    private static void rejectUnknownKeys(String name, JsonNode object) {
        for (Iterator<String> keys = object.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!SIZE_KEYS.contains(key)) {
                throw new IllegalArgumentException(name + " has an unknown key \"" + key + "\"");
            }
        }
    }

    private static boolean booleanField(JsonNode root, String name, boolean fallback) {
        JsonNode value = root.get(name);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isBoolean()) {
            throw new IllegalArgumentException(name + " must be true or false, got " + value);
        }
        return value.booleanValue();
    }

    private static int intField(JsonNode root, String name, int fallback) {
        JsonNode value = root.get(name);
        return value == null || value.isNull() ? fallback : toInt(name, value);
    }

    private static int toInt(String name, JsonNode value) {
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new IllegalArgumentException(name + " must be an integer, got " + value);
        }
        return value.intValue();
    }

    private static double doubleField(JsonNode root, String name, double fallback) {
        JsonNode value = root.get(name);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isNumber()) {
            throw new IllegalArgumentException(name + " must be a number, got " + value);
        }
        return value.doubleValue();
    }

    /** Three numbers, parsed as Python floats (double) and then held as float32 like numpy does. */
    private static float[] tripleField(JsonNode root, String name, float[] fallback) {
        JsonNode value = root.get(name);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isArray() || value.size() != 3) {
            throw new IllegalArgumentException(name + " must be a list of 3 numbers (R, G, B), got " + value);
        }
        float[] triple = new float[3];
        for (int c = 0; c < 3; c++) {
            if (!value.get(c).isNumber()) {
                throw new IllegalArgumentException(name + " must hold numbers, got " + value);
            }
            triple[c] = (float) value.get(c).doubleValue();
        }
        return triple;
    }

    static void checkSide(String name, int side) {
        if (side <= 0 || side > MAX_SIDE) {
            throw new IllegalArgumentException(name + " must be in 1.." + MAX_SIDE + ", got " + side);
        }
    }

    /** A smaller std turns one 8-bit level into more than 1e6 after normalisation: no model was trained on that. */
    static final float MIN_STD = 1e-6f;

    private static float[] checkTriple(String name, float[] triple, boolean nonZero) {
        if (triple == null || triple.length != 3) {
            throw new IllegalArgumentException(name + " must have 3 values (R, G, B)");
        }
        for (float v : triple) {
            if (!Float.isFinite(v) || (nonZero && Math.abs(v) < MIN_STD)) {
                throw new IllegalArgumentException(name + " must hold finite values" + (nonZero ? " of magnitude >= " + MIN_STD : "")
                        + ", got " + Arrays.toString(triple));
            }
        }
        return triple.clone();
    }

    /** {@return the per-channel mean, [3] R, G, B (a fresh copy)} */
    @Override
    public float[] imageMean() {
        return imageMean.clone();
    }

    /** {@return the per-channel standard deviation, [3] R, G, B (a fresh copy)} */
    @Override
    public float[] imageStd() {
        return imageStd.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PreprocessorConfig that
                && doResize == that.doResize && resize.equals(that.resize) && resample == that.resample
                && doCenterCrop == that.doCenterCrop && cropWidth == that.cropWidth
                && cropHeight == that.cropHeight && doRescale == that.doRescale
                && Double.compare(rescaleFactor, that.rescaleFactor) == 0 && doNormalize == that.doNormalize
                && Arrays.equals(imageMean, that.imageMean) && Arrays.equals(imageStd, that.imageStd)
                && doConvertRgb == that.doConvertRgb;
    }

    @Override
    public int hashCode() {
        int hash = Arrays.hashCode(new Object[] {doResize, resize, resample, doCenterCrop, cropWidth,
                cropHeight, doRescale, rescaleFactor, doNormalize, doConvertRgb});
        return 31 * (31 * hash + Arrays.hashCode(imageMean)) + Arrays.hashCode(imageStd);
    }

    @Override
    public String toString() {
        return "PreprocessorConfig[resize=" + (doResize ? resize + " " + resample : "off")
                + ", crop=" + (doCenterCrop ? cropWidth + "x" + cropHeight : "off")
                + ", rescale=" + (doRescale ? rescaleFactor : "off")
                + ", normalize=" + (doNormalize ? Arrays.toString(imageMean) + " / " + Arrays.toString(imageStd) : "off")
                + ", convertRgb=" + doConvertRgb + "]";
    }

    private static float[] toFloats(double[] values) {
        float[] floats = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            floats[i] = (float) values[i];
        }
        return floats;
    }
}
