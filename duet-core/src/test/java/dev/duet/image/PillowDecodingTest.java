/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.image;

import dev.duet.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** JPEG, GIF, BMP and WebP files (and the same bytes in memory) decoded to the same RGB bytes as Pillow's {@code convert("RGB")}. */
class PillowDecodingTest {

    @TempDir
    Path dir;

    private void assertDecodesLikePillow(PillowSamples.Sample sample) throws IOException, NoSuchAlgorithmException {
        Path file = dir.resolve(sample.fileName());
        Files.write(file, sample.bytes());
        RgbImage image = new ImageDecoder().decode(file);
        assertEquals(sample.width(), image.width(), sample.fileName() + " width");
        assertEquals(sample.height(), image.height(), sample.fileName() + " height");
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(image.pixels()));
        assertEquals(sample.rgbSha256(), sha, sample.fileName() + " RGB bytes");
        RgbImage fromMemory = new ImageDecoder().decode(sample.bytes(), sample.fileName(), (name, width, height) -> { });
        assertTrue(Arrays.equals(image.pixels(), fromMemory.pixels()), sample.fileName() + " decoded from bytes as from the file");
    }

    @Test
    void baselineJpeg() throws Exception {
        assertDecodesLikePillow(PillowSamples.BASELINE_JPEG);
    }

    @Test
    void progressiveJpeg() throws Exception {
        assertDecodesLikePillow(PillowSamples.PROGRESSIVE_JPEG);
    }

    @Test
    void cmykJpeg() throws Exception {
        assertDecodesLikePillow(PillowSamples.CMYK_JPEG);
    }

    @Test
    void grayJpeg() throws Exception {
        assertDecodesLikePillow(PillowSamples.GRAY_JPEG);
    }

    @Test
    void jpegWithIccProfileIsNotColourManaged() throws Exception {
        assertDecodesLikePillow(PillowSamples.ICC_JPEG);
    }

    @Test
    void gifFirstFrameOnItsScreen() throws Exception {
        assertDecodesLikePillow(PillowSamples.OFFSET_GIF);
    }

    @Test
    void sixteenBitBmp() throws Exception {
        assertDecodesLikePillow(PillowSamples.RGB565_BMP);
    }

    @Test
    void paletteBmp() throws Exception {
        assertDecodesLikePillow(PillowSamples.PALETTE_BMP);
    }

    @Test
    void losslessWebp() throws Exception {
        assertDecodesLikePillow(PillowSamples.LOSSLESS_WEBP);
    }

    @Test
    void truncatedJpegIsRefused() throws IOException {
        byte[] whole = PillowSamples.BASELINE_JPEG.bytes();
        int scanStart = 0;
        while (!(whole[scanStart] == (byte) 0xFF && whole[scanStart + 1] == (byte) 0xDA)) {
            scanStart++;
        }
        // cut halfway through the entropy-coded scan: libjpeg only warns, PIL refuses
        Path file = dir.resolve("cut.jpg");
        Files.write(file, Arrays.copyOf(whole, (scanStart + whole.length) / 2));
        BadInputException e = assertThrows(BadInputException.class, () -> new ImageDecoder().decode(file));
        assertEquals(file, e.file());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }
}
