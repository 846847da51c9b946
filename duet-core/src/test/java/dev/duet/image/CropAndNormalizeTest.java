package dev.duet.image;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** torchvision's centre-crop arithmetic and the float32 normalisation. */
class CropAndNormalizeTest {

    @Test
    void offsetRoundsHalfToEvenLikePython() {
        // int(round(x / 2.0)): round(10.5) = 10, round(11.5) = 12, round(0.5) = 0, round(1.5) = 2
        assertEquals(10, CenterCrop.offset(85, 64));
        assertEquals(12, CenterCrop.offset(87, 64));
        assertEquals(11, CenterCrop.offset(86, 64));
        assertEquals(0, CenterCrop.offset(65, 64));
        assertEquals(2, CenterCrop.offset(67, 64));
        assertEquals(0, CenterCrop.offset(64, 64));
    }

    @Test
    void shortAxisIsPaddedWithZerosFirst() {
        // torchvision pads (crop - size) // 2 before: 80 - 50 = 30 -> 15; 80 - 79 = 1 -> 0
        assertEquals(-15, CenterCrop.offset(50, 80));
        assertEquals(0, CenterCrop.offset(79, 80));
        assertEquals(-1, CenterCrop.offset(61, 64));
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
        CropGeometry geometry = new ImagePreprocessor(config).plan(97, 61);
        // 97x61 -> short side 50, long side int(50 * 97 / 61) = int(79.5) = 79
        assertEquals(new CropGeometry(97, 61, 79, 50, -5, 5, 90, 40), geometry);
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
