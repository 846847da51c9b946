/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.image;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** torchvision's and transformers' centre-crop arithmetic and the float32 normalisation. */
class CropAndNormalizeTest {

    @Test
    void offsetRoundsHalfToEvenLikePython() {
        // int(round(x / 2.0)): round(10.5) = 10, round(11.5) = 12, round(0.5) = 0, round(1.5) = 2
        assertEquals(10, PreprocessingPipeline.OPENAI.cropOffset(85, 64));
        assertEquals(12, PreprocessingPipeline.OPENAI.cropOffset(87, 64));
        assertEquals(11, PreprocessingPipeline.OPENAI.cropOffset(86, 64));
        assertEquals(0, PreprocessingPipeline.OPENAI.cropOffset(65, 64));
        assertEquals(2, PreprocessingPipeline.OPENAI.cropOffset(67, 64));
        assertEquals(0, PreprocessingPipeline.OPENAI.cropOffset(64, 64));
    }

    @Test
    void transformersFloorsTheOffsetAlsoWhenItPads() {
        // (size - crop) // 2: 23 // 2 = 11 where torchvision's round(11.5) = 12; -11 // 2 = -6 where torchvision pads 5
        assertEquals(11, PreprocessingPipeline.HF.cropOffset(87, 64));
        assertEquals(10, PreprocessingPipeline.HF.cropOffset(85, 64));
        assertEquals(-6, PreprocessingPipeline.HF.cropOffset(79, 90));
        assertEquals(-5, PreprocessingPipeline.OPENAI.cropOffset(79, 90));
        assertEquals(-1, PreprocessingPipeline.HF.cropOffset(63, 64));
    }

    @Test
    void shortAxisIsPaddedWithZerosFirst() {
        // torchvision pads (crop - size) // 2 before: 80 - 50 = 30 -> 15; 80 - 79 = 1 -> 0
        assertEquals(-15, PreprocessingPipeline.OPENAI.cropOffset(50, 80));
        assertEquals(0, PreprocessingPipeline.OPENAI.cropOffset(79, 80));
        assertEquals(-1, PreprocessingPipeline.OPENAI.cropOffset(61, 64));
        RgbImage image = new RgbImage(2, 1, new byte[] {1, 2, 3, 4, 5, 6});
        RgbImage padded = CenterCrop.apply(image, -1, -1, 4, 3);
        byte[] expected = new byte[4 * 3 * 3];
        System.arraycopy(new byte[] {1, 2, 3, 4, 5, 6}, 0, expected, (4 + 1) * 3, 6);
        assertArrayEquals(expected, padded.pixels());
    }

    @Test
    void planOfThePaddedCase() {
        PreprocessorConfig config = PreprocessorConfig.parse(java.nio.file.Path.of("p.json"),
                "{\"size\": 50, \"crop_size\": {\"height\": 40, \"width\": 90}}".getBytes());
        // 97x61 -> short side 50, long side int(50 * 97 / 61) = int(79.5) = 79
        assertEquals(new CropGeometry(97, 61, 79, 50, -5, 5, 90, 40),
                new ImagePreprocessor(config, PreprocessingPipeline.OPENAI).plan(97, 61));
        assertEquals(new CropGeometry(97, 61, 79, 50, -6, 5, 90, 40),
                new ImagePreprocessor(config, PreprocessingPipeline.HF).plan(97, 61));
    }

    @Test
    void normalisationIsFloat32OfTorchvision() {
        PixelNormalizer normalizer = new PixelNormalizer(PreprocessorConfig.clipDefaults(1));
        float[] chw = normalizer.toChw(new RgbImage(2, 1, new byte[] {0, (byte) 128, (byte) 255, 77, 1, 2}));
        float[] mean = {0.48145466f, 0.4578275f, 0.40821073f};
        float[] std = {0.26862954f, 0.26130258f, 0.27577711f};
        int[][] samples = {{0, 77}, {128, 1}, {255, 2}};
        for (int c = 0; c < 3; c++) {
            for (int x = 0; x < 2; x++) {
                float expected = (samples[c][x] / 255f - mean[c]) / std[c];
                assertEquals(expected, chw[c * 2 + x], "channel " + c + " pixel " + x);
            }
        }
    }
}
