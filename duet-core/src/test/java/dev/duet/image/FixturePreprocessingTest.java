/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The six fixture images through the whole pipeline against what OpenAI's CLIP preprocessing
 * (PIL bicubic resize, torchvision centre crop, ToTensor + Normalize) produced for the tiny model.
 */
class FixturePreprocessingTest {

    private static final Path FIXTURES = Path.of(System.getProperty("duet.shared"), "fixtures");

    private static JsonNode pixels;
    private static ImagePreprocessor preprocessor;

    @BeforeAll
    static void load() throws IOException {
        JsonNode embeddings = new ObjectMapper().readTree(FIXTURES.resolve("tiny/embeddings.json").toFile());
        pixels = embeddings.get("pixels");
        assertEquals(6, pixels.size(), "fixture lists six images");
        preprocessor = new ImagePreprocessor(
                PreprocessorConfig.load(FIXTURES.resolve("models/tiny/preprocessor_config.json")));
    }

    private static JsonNode entry(String image) {
        for (JsonNode node : pixels) {
            if (node.get("image").asText().equals(image)) {
                return node;
            }
        }
        throw new AssertionError("fixture has no entry for " + image);
    }

    @ParameterizedTest
    @ValueSource(strings = {"img0_red_circle_blue_square", "img1_green_triangle", "img2_sun_and_house",
            "img3_orange_circle_white_square", "img4_purple_oval_on_grass", "img5_two_black_squares"})
    void matchesReferencePreprocessing(String image) throws IOException {
        JsonNode expected = entry(image);
        PreprocessedImage result = preprocessor.preprocess(FIXTURES.resolve("images/" + image + ".png"));
        CropGeometry geometry = result.geometry();

        assertEquals(expected.get("resized_size").get(0).asInt(), geometry.resizedWidth(), "resized width");
        assertEquals(expected.get("resized_size").get(1).asInt(), geometry.resizedHeight(), "resized height");
        // torchvision: int(round((85 - 64) / 2.0)) = round(10.5) = 10 (half to even), 0 on the short axis
        int expectedX = geometry.resizedWidth() == 85 ? 10 : 0;
        int expectedY = geometry.resizedHeight() == 85 ? 10 : 0;
        assertEquals(expectedX, geometry.cropX(), "crop x");
        assertEquals(expectedY, geometry.cropY(), "crop y");
        assertEquals(64, result.size());

        byte[] fixtureCrop = rgbOf(ImageIO.read(FIXTURES.resolve(expected.get("crop_png").asText()).toFile()));
        assertArrayEquals(fixtureCrop, result.cropRgb(), "64x64 u8 crop equals the fixture crop");
        assertEquals(expected.get("sha256_f32le").asText(), result.pixelSha256(), "float32 tensor sha256");

        JsonNode first = expected.get("first_values_channel0_row0");
        for (int i = 0; i < first.size(); i++) {
            assertEquals((float) first.get(i).asDouble(), result.pixels()[i], "channel 0 row 0 value " + i);
        }
        double sum = 0;
        for (float v : result.pixels()) {
            sum += v;
        }
        assertEquals(expected.get("sum").asDouble(), sum, 1e-3, "sum of the tensor");
    }

    @Test
    void cropOffsetIsTheOnlyWindowThatMatches() throws IOException {
        // the fixture crop of a 320x240 image appears in the 85x64 resize at x = 10 and nowhere else
        PreprocessedImage result = preprocessor.preprocess(FIXTURES.resolve("images/img0_red_circle_blue_square.png"));
        byte[] fixtureCrop = rgbOf(ImageIO.read(FIXTURES.resolve("tiny/crops/img0_red_circle_blue_square.png").toFile()));
        RgbImage resized = new PilResampler(ResampleFilter.BICUBIC).resize(
                new ImageDecoder().decode(FIXTURES.resolve("images/img0_red_circle_blue_square.png")), 85, 64);
        assertArrayEquals(fixtureCrop, CenterCrop.apply(resized, 10, 0, 64, 64).pixels());
        byte[] shifted = CenterCrop.apply(resized, 11, 0, 64, 64).pixels();
        assertNotEquals(Arrays.toString(fixtureCrop), Arrays.toString(shifted));
        assertArrayEquals(fixtureCrop, result.cropRgb());
    }

    @Test
    void bufferedImageInputGivesTheSameTensor() throws IOException {
        JsonNode expected = entry("img4_purple_oval_on_grass");
        BufferedImage image = ImageIO.read(FIXTURES.resolve("images/img4_purple_oval_on_grass.png").toFile());
        assertEquals(expected.get("sha256_f32le").asText(), preprocessor.preprocess(image).pixelSha256());
    }

    @Test
    void writtenCropPngReadsBackIdentical() throws IOException {
        PreprocessedImage result = preprocessor.preprocess(FIXTURES.resolve("images/img2_sun_and_house.png"));
        Path file = Files.createTempFile("duet-crop", ".png");
        try {
            result.writeCropPng(file);
            assertArrayEquals(result.cropRgb(), rgbOf(ImageIO.read(file.toFile())));
            assertTrue(Files.size(file) > 0);
        } finally {
            Files.delete(file);
        }
    }

    /** HWC bytes of an 8-bit RGB image read by ImageIO (the fixture crops are plain RGB PNGs). */
    static byte[] rgbOf(BufferedImage image) {
        byte[] rgb = new byte[image.getWidth() * image.getHeight() * 3];
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int argb = image.getRGB(x, y);
                int o = (y * image.getWidth() + x) * 3;
                rgb[o] = (byte) (argb >> 16);
                rgb[o + 1] = (byte) (argb >> 8);
                rgb[o + 2] = (byte) argb;
            }
        }
        return rgb;
    }
}
