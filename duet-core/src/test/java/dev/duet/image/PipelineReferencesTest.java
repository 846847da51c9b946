/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.duet.model.ClipCheckpoint;
import dev.duet.model.VisionEncoder;
import dev.duet.tensor.Parallel;
import dev.duet.testing.Fixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Images of every mode PIL opens (1, L, P, P with transparency, LA, RGBA, 16-bit grey as I, RGB,
 * CMYK JPEG, GIF, lossless WebP with alpha) through both pipelines, against the float32 tensors of
 * OpenAI's {@code clip._transform} (equal to open_clip's) and transformers' {@code CLIPImageProcessor},
 * written by {@code tools/preprocessing/make_references.py} with Pillow 9.4: bit for bit. And the
 * tiny fixture model's embeddings of the same images at its 64 px against a PyTorch forward: within 1e-5.
 */
class PipelineReferencesTest {

    private static final String DIRECTORY = "pipelines/";
    private static final int SIZE = 16;

    private static JsonNode manifest;
    private static Map<String, float[]> references;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = resource("references.json")) {
            manifest = new ObjectMapper().readTree(in);
        }
        references = readNpz(resource("references.npz"));
    }

    static List<String> files() throws IOException {
        if (manifest == null) {
            load();
        }
        List<String> files = new ArrayList<>();
        manifest.get("cases").forEach(c -> files.add(c.get("file").asText()));
        return files;
    }

    private static InputStream resource(String name) {
        InputStream in = PipelineReferencesTest.class.getResourceAsStream(DIRECTORY + name);
        if (in == null) {
            throw new IllegalStateException("test resource " + DIRECTORY + name + " is missing");
        }
        return in;
    }

    private static byte[] imageBytes(String file) throws IOException {
        try (InputStream in = resource(file)) {
            return in.readAllBytes();
        }
    }

    private static JsonNode caseOf(String file) {
        for (JsonNode c : manifest.get("cases")) {
            if (c.get("file").asText().equals(file)) {
                return c;
            }
        }
        throw new AssertionError("no case " + file);
    }

    @Test
    void everyModeIsCovered() throws IOException {
        List<String> modes = new ArrayList<>();
        manifest.get("cases").forEach(c -> modes.add(c.get("pil_mode").asText()));
        for (PilMode mode : PilMode.values()) {
            assertTrue(modes.contains(mode.pilName()), "a reference image of mode " + mode.pilName());
        }
        assertEquals((files().size() + paddedFiles().size()) * 2, references.size(), "one tensor per image and pipeline");
    }

    @ParameterizedTest
    @MethodSource("files")
    void opensInPilsMode(String file) throws IOException {
        DecodedImage image = new ImageDecoder().open(imageBytes(file), file);
        assertEquals(caseOf(file).get("pil_mode").asText(), image.mode().pilName(), file);
    }

    @ParameterizedTest
    @MethodSource("files")
    void openAiOrderMatchesClipTransformBitForBit(String file) throws IOException {
        assertBitForBit(PreprocessingPipeline.OPENAI, file);
    }

    @ParameterizedTest
    @MethodSource("files")
    void hfOrderMatchesClipImageProcessorBitForBit(String file) throws IOException {
        assertBitForBit(PreprocessingPipeline.HF, file);
    }

    static List<String> paddedFiles() throws IOException {
        if (manifest == null) {
            load();
        }
        List<String> files = new ArrayList<>();
        manifest.get("padded").forEach(f -> files.add(f.asText()));
        return files;
    }

    @ParameterizedTest
    @MethodSource("paddedFiles")
    void aCropLargerThanTheResizePadsInEachPipelinesWay(String file) throws IOException {
        // OpenAI's order pads in the image's mode (palette index 0, no ink, alpha 0), transformers' pads RGB with black
        int crop = manifest.get("padded_crop").asInt();
        PreprocessorConfig defaults = PreprocessorConfig.clipDefaults(SIZE);
        PreprocessorConfig config = new PreprocessorConfig(true, new ResizeTarget.ShortestEdge(SIZE), ResampleFilter.BICUBIC, true, crop, crop,
                true, defaults.rescaleFactor(), true, defaults.imageMean(), defaults.imageStd(), true);
        for (PreprocessingPipeline pipeline : PreprocessingPipeline.values()) {
            float[] actual = new ImagePreprocessor(config, pipeline).preprocess(imageBytes(file), file).pixels();
            assertSameBits(references.get(pipeline.cliName() + "-crop" + crop + "/" + file), actual, crop,
                    pipeline + " crop " + crop + " " + file);
        }
    }

    @Test
    void thePipelinesDifferWhereTheReferencesDo() throws IOException {
        for (String file : files()) {
            boolean same = Arrays.equals(references.get("openai/" + file), references.get("hf/" + file));
            assertEquals(caseOf(file).get("openai_equals_hf").asBoolean(), same, file);
        }
        // every mode but RGB and L differs between the orders on these images
        assertTrue(!caseOf("39x23-rgba.png").get("openai_equals_hf").asBoolean());
    }

    private static void assertBitForBit(PreprocessingPipeline pipeline, String file) throws IOException {
        ImagePreprocessor preprocessor = new ImagePreprocessor(PreprocessorConfig.clipDefaults(SIZE), pipeline);
        float[] actual = preprocessor.preprocess(imageBytes(file), file).pixels();
        assertSameBits(references.get(pipeline.cliName() + "/" + file), actual, SIZE, pipeline + " " + file);
    }

    private static void assertSameBits(float[] expected, float[] actual, int side, String what) {
        assertEquals(expected.length, actual.length, what);
        int mismatches = 0;
        int first = -1;
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i])) {
                mismatches++;
                first = first < 0 ? i : first;
            }
        }
        if (mismatches > 0) {
            int plane = side * side;
            throw new AssertionError(what + ": " + mismatches + " of " + expected.length
                    + " values differ; first at channel " + first / plane + " row " + first % plane / side + " column "
                    + first % side + ": expected " + expected[first] + ", got " + actual[first]);
        }
    }

    @Test
    void embeddingsMatchPyTorchWithin1e5() throws IOException {
        JsonNode embeddings = manifest.get("embeddings");
        ClipCheckpoint checkpoint = ClipCheckpoint.load(Fixtures.tinyModel());
        VisionEncoder encoder = new VisionEncoder(checkpoint.config().vision(), checkpoint.weights().vision(),
                checkpoint.config().projectionDim());
        PreprocessorConfig config = PreprocessorConfig.load(Fixtures.tinyModel().resolve("preprocessor_config.json"));
        for (PreprocessingPipeline pipeline : PreprocessingPipeline.values()) {
            ImagePreprocessor preprocessor = new ImagePreprocessor(config, pipeline);
            List<float[]> images = new ArrayList<>();
            for (String file : files()) {
                images.add(preprocessor.preprocess(imageBytes(file), file).pixels());
            }
            float[][] actual = encoder.encode(Parallel.of(2), images);
            for (int i = 0; i < actual.length; i++) {
                String key = pipeline.cliName() + "/" + files().get(i);
                float[] expected = Fixtures.floats(embeddings.get(key));
                double worst = 0;
                for (int j = 0; j < expected.length; j++) {
                    worst = Math.max(worst, Math.abs(expected[j] - actual[i][j]));
                }
                assertTrue(worst < 1e-5, key + ": embedding differs from PyTorch's by " + worst);
            }
        }
    }

    /** The arrays of an {@code .npz} (a zip of {@code .npy} files), each little-endian float32 [3][side][side]. */
    private static Map<String, float[]> readNpz(InputStream stream) throws IOException {
        Map<String, float[]> arrays = new HashMap<>();
        try (ZipInputStream zip = new ZipInputStream(stream)) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                String name = entry.getName();
                arrays.put(name.substring(0, name.length() - ".npy".length()), readNpy(name, zip.readAllBytes()));
            }
        }
        return arrays;
    }

    private static float[] readNpy(String name, byte[] npy) {
        ByteBuffer buffer = ByteBuffer.wrap(npy).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals((byte) 0x93, buffer.get(0), name + " is not an .npy file");
        int major = npy[6];
        int headerLength = major == 1 ? Short.toUnsignedInt(buffer.getShort(8)) : buffer.getInt(8);
        int dataStart = (major == 1 ? 10 : 12) + headerLength;
        String header = new String(npy, major == 1 ? 10 : 12, headerLength, StandardCharsets.US_ASCII);
        Matcher shape = Pattern.compile("'shape': \\(3, (\\d+), (\\d+)\\)").matcher(header);
        assertTrue(header.contains("'descr': '<f4'") && header.contains("'fortran_order': False") && shape.find()
                && shape.group(1).equals(shape.group(2)), name + ": " + header);
        int side = Integer.parseInt(shape.group(1));
        float[] values = new float[3 * side * side];
        buffer.position(dataStart);
        buffer.asFloatBuffer().get(values);
        return values;
    }
}
