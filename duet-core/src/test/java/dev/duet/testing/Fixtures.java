/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Access to ../shared/fixtures; a missing fixture fails the test, it never skips it. */
public final class Fixtures {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Fixtures() {
    }

    public static Path root() {
        String shared = System.getProperty("duet.shared");
        if (shared == null) {
            throw new IllegalStateException("system property duet.shared is not set (surefire sets it)");
        }
        Path root = Path.of(shared, "fixtures");
        if (!Files.isDirectory(root)) {
            throw new IllegalStateException("fixtures not found at " + root);
        }
        return root;
    }

    public static Path tinyModel() {
        return root().resolve("models/tiny");
    }

    /** The repository's small SigLIP checkpoint (tools/references/siglip.py --checkpoint). */
    public static Path siglipModel() {
        String folder = System.getProperty("duet.siglip");
        if (folder == null || !Files.isDirectory(Path.of(folder))) {
            throw new IllegalStateException("system property duet.siglip does not name the SigLIP test checkpoint: " + folder);
        }
        return Path.of(folder);
    }

    /**
     * The repository's small fixed-resolution SigLIP 2 checkpoint, with a Gemma-like
     * {@code tokenizer.model} (tools/references/siglip.py --checkpoint2).
     */
    public static Path siglip2Model() {
        String folder = System.getProperty("duet.siglip2");
        if (folder == null || !Files.isDirectory(Path.of(folder))) {
            throw new IllegalStateException("system property duet.siglip2 does not name the SigLIP 2 test checkpoint: "
                    + folder);
        }
        return Path.of(folder);
    }

    /** The repository's small ALIGN checkpoint (tools/references/align.py --checkpoint), with its EXPECTED.json. */
    public static Path alignModel() {
        String folder = System.getProperty("duet.align");
        if (folder == null || !Files.isDirectory(Path.of(folder))) {
            throw new IllegalStateException("system property duet.align does not name the ALIGN test checkpoint: " + folder);
        }
        return Path.of(folder);
    }

    /** What the PyTorch reference computes with {@link #siglip2Model()}. */
    public static JsonNode siglip2Expected() {
        return expected(siglip2Model());
    }

    /** What the PyTorch reference computes with {@link #siglipModel()}: ids, pixel checksums, embeddings, scores. */
    public static JsonNode siglipExpected() {
        return expected(siglipModel());
    }

    private static JsonNode expected(Path model) {
        Path file = Path.of(model + "-expected.json");
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    public static JsonNode json(String relative) {
        Path file = root().resolve(relative);
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read fixture " + file, e);
        }
    }

    public static float[] floats(JsonNode array) {
        float[] values = new float[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) array.get(i).asDouble();
        }
        return values;
    }

    public static int[] ints(JsonNode array) {
        int[] values = new int[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).asInt();
        }
        return values;
    }

    /** Token ids of fixture caption {@code index} from inputs.json, BOS..EOS without padding. */
    public static int[] captionIds(int index) {
        JsonNode inputs = json("inputs.json");
        int[] padded = ints(inputs.get("token_ids").get(index));
        int eos = inputs.get("eos_index").get(index).asInt();
        return java.util.Arrays.copyOf(padded, eos + 1);
    }

    /**
     * The model input of fixture image {@code index} computed independently of Duet's
     * preprocessing: the fixture's u8 crop, {@code (u8 / 255 - mean) / std} in float32, CHW.
     */
    public static float[] cropPixels(int index) {
        JsonNode pixels = json("tiny/embeddings.json").get("pixels").get(index);
        Path crop = root().resolve(pixels.get("crop_png").asText());
        float[] mean = {0.48145466f, 0.4578275f, 0.40821073f};
        float[] std = {0.26862954f, 0.26130258f, 0.27577711f};
        try {
            BufferedImage image = ImageIO.read(crop.toFile());
            int w = image.getWidth();
            int h = image.getHeight();
            float[] chw = new float[3 * w * h];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int rgb = image.getRGB(x, y);
                    for (int c = 0; c < 3; c++) {
                        int u8 = (rgb >> (16 - 8 * c)) & 0xff;
                        chw[(c * h + y) * w + x] = (u8 / 255f - mean[c]) / std[c];
                    }
                }
            }
            return chw;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read fixture crop " + crop, e);
        }
    }
}
