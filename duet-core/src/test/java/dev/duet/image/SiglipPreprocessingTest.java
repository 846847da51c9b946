/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * SigLIP's preprocessing ({@code SiglipImageProcessor}: a fixed height x width resize whatever the
 * aspect ratio, no crop, mean = std = 0.5) against {@code tools/preprocessing/make_siglip_references.py}
 * (Pillow 9.4): bit for bit.
 */
class SiglipPreprocessingTest {

    private static final Path SOURCE = Path.of("preprocessor_config.json");

    /** A SigLIP checkpoint's file as transformers writes it, with the test's size and filter. */
    private static PreprocessorConfig siglipConfig(int height, int width, int resample) {
        String json = "{\"do_normalize\": true, \"do_rescale\": true, \"do_resize\": true,"
                + " \"image_mean\": [0.5, 0.5, 0.5], \"image_processor_type\": \"SiglipImageProcessor\","
                + " \"image_std\": [0.5, 0.5, 0.5], \"processor_class\": \"SiglipProcessor\", \"resample\": " + resample
                + ", \"rescale_factor\": 0.00392156862745098, \"size\": {\"height\": " + height + ", \"width\": "
                + width + "}}";
        return PreprocessorConfig.parse(SOURCE, json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aFixedSizeConfigResizesWithoutCropping() {
        PreprocessorConfig config = siglipConfig(224, 160, 3);
        assertEquals(new ResizeTarget.Exact(160, 224), config.resize());
        assertFalse(config.doCenterCrop());
        assertEquals(160, config.cropWidth());
        assertEquals(224, config.cropHeight());
        CropGeometry geometry = new ImagePreprocessor(config).plan(640, 480);
        assertEquals(new CropGeometry(640, 480, 160, 224, 0, 0, 160, 224), geometry);
        assertEquals(640.0, geometry.cropToOriginalX(160), 0.0);
        assertEquals(480.0, geometry.cropToOriginalY(224), 0.0);
    }

    @Test
    void pixelsMatchTransformersSiglipProcessorBitForBit() throws IOException {
        JsonNode references;
        try (InputStream in = resource("siglip/references.json")) {
            references = new ObjectMapper().readTree(in);
        }
        assertEquals(4, references.get("cases").size());
        for (JsonNode reference : references.get("cases")) {
            String file = reference.get("image").asText();
            int height = reference.get("height").asInt();
            int width = reference.get("width").asInt();
            PreprocessorConfig config = siglipConfig(height, width, reference.get("resample").asInt());
            byte[] image;
            try (InputStream in = resource("pipelines/" + file)) {
                image = in.readAllBytes();
            }
            float[] actual = new ImagePreprocessor(config).preprocess(image, file).pixels();
            JsonNode expected = reference.get("pixels");
            assertEquals(3 * height * width, expected.size(), file);
            assertEquals(expected.size(), actual.length, file);
            for (int i = 0; i < actual.length; i++) {
                assertEquals(Float.floatToRawIntBits((float) expected.get(i).asDouble()),
                        Float.floatToRawIntBits(actual[i]), file + " " + height + "x" + width + " value " + i);
            }
        }
    }

    private static InputStream resource(String name) {
        InputStream in = SiglipPreprocessingTest.class.getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("test resource " + name + " is missing");
        }
        return in;
    }
}
