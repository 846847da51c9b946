/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.image;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.duet.image.TestPngs.bytes;
import static dev.duet.image.TestPngs.chunk;
import static dev.duet.image.TestPngs.png;
import static dev.duet.image.TestPngs.shorts;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * PNGs of every colour type and depth through {@link ImageDecoder}, against what PIL's
 * {@code Image.open(f).convert("RGB")} gives (the same files were checked with Pillow 9.4).
 */
class RgbConversionTest {

    @TempDir
    Path dir;

    private byte[] decode(byte[] file) throws IOException {
        Path path = dir.resolve("image.png");
        Files.write(path, file);
        return new ImageDecoder().decode(path).pixels();
    }

    @Test
    void paletteUsesColoursAndPilRampPastTheTable() throws IOException {
        // PLTE has 2 entries; PIL's palette starts as the ramp (i, i, i), so indices 2 and 200 are grey.
        // tRNS is ignored by convert("RGB").
        byte[] file = png(4, 1, 8, 3, new byte[][] {bytes(0, 1, 2, 200)},
                chunk("PLTE", bytes(10, 20, 30, 40, 50, 60)), chunk("tRNS", bytes(0, 128)));
        assertArrayEquals(bytes(10, 20, 30, 40, 50, 60, 2, 2, 2, 200, 200, 200), decode(file));
    }

    @Test
    void fourBitPaletteIsUnpackedBeforeTheLookup() throws IOException {
        byte[] file = png(4, 1, 4, 3, new byte[][] {bytes(0x01, 0x2F)},
                chunk("PLTE", bytes(1, 2, 3, 4, 5, 6, 7, 8, 9)));
        assertArrayEquals(bytes(1, 2, 3, 4, 5, 6, 7, 8, 9, 15, 15, 15), decode(file));
    }

    @Test
    void lowDepthGrayIsStretchedLikePilUnpackers() throws IOException {
        // "1": 0/255; "L;2": v * 0x55; "L;4": v * 0x11
        assertArrayEquals(grey(255, 0, 255, 0), decode(png(4, 1, 1, 0, new byte[][] {bytes(0b1010_0000)})));
        assertArrayEquals(grey(0, 85, 170, 255), decode(png(4, 1, 2, 0, new byte[][] {bytes(0b00_01_10_11)})));
        assertArrayEquals(grey(0, 255, 119, 170), decode(png(4, 1, 4, 0, new byte[][] {bytes(0x0F, 0x7A)})));
    }

    @Test
    void eightBitGrayIsReplicated() throws IOException {
        assertArrayEquals(grey(0, 100, 200, 255), decode(png(4, 1, 8, 0, new byte[][] {bytes(0, 100, 200, 255)},
                chunk("tRNS", shorts(100)))));
    }

    @Test
    void sixteenBitGrayIsClampedNotScaled() throws IOException {
        // PIL opens it as "I;16" (formerly "I"); convert("RGB") clamps: 0x1234 = 4660 -> 255, 200 stays 200
        byte[][] rows = {shorts(0, 200, 255, 0x1234)};
        assertArrayEquals(grey(0, 200, 255, 255), decode(png(4, 1, 16, 0, rows)));
        assertArrayEquals(grey(0, 200, 255, 255), decode(png(4, 1, 16, 0, rows, chunk("tRNS", shorts(200)))));
    }

    @Test
    void sixteenBitGrayAlphaKeepsTheHighByte() throws IOException {
        // PIL reads it as RGBA through raw mode "LA;16B" (high bytes), then drops alpha
        byte[][] rows = {shorts(0x1234, 5, 0x00FF, 0xFFFF, 0xFF00, 0, 0x8080, 7)};
        assertArrayEquals(grey(0x12, 0, 255, 128), decode(png(4, 1, 16, 4, rows)));
    }

    @Test
    void sixteenBitRgbAndRgbaKeepTheHighByte() throws IOException {
        byte[][] rgb = {shorts(0x1234, 0x00FF, 0xFF01, 0x8000, 0x7FFF, 0x0101)};
        assertArrayEquals(bytes(0x12, 0, 255, 128, 127, 1), decode(png(2, 1, 16, 2, rgb)));
        byte[][] rgba = {shorts(0x1234, 0x00FF, 0xFF01, 0, 0x8000, 0x7FFF, 0x0101, 0xFFFF)};
        assertArrayEquals(bytes(0x12, 0, 255, 128, 127, 1), decode(png(2, 1, 16, 6, rgba)));
    }

    @Test
    void alphaIsDroppedWithoutCompositing() throws IOException {
        // over white, the transparent pixels would turn white; PIL's convert("RGB") just drops alpha
        assertArrayEquals(grey(77, 200), decode(png(2, 1, 8, 4, new byte[][] {bytes(77, 0, 200, 255)})));
        assertArrayEquals(bytes(10, 20, 30, 250, 1, 2),
                decode(png(2, 1, 8, 6, new byte[][] {bytes(10, 20, 30, 0, 250, 1, 2, 128)})));
        assertArrayEquals(bytes(1, 2, 3, 9, 8, 7), decode(png(2, 1, 8, 2, new byte[][] {bytes(1, 2, 3, 9, 8, 7)},
                chunk("tRNS", shorts(1, 2, 3)))));
    }

    @Test
    void gammaAndColourChunksAreIgnored() throws IOException {
        byte[] gAMA = chunk("gAMA", bytes(0, 0, 0x86, 0xA0));
        byte[] cHRM = chunk("cHRM", new byte[32]);
        assertArrayEquals(bytes(1, 2, 3, 9, 8, 7),
                decode(png(2, 1, 8, 2, new byte[][] {bytes(1, 2, 3, 9, 8, 7)}, gAMA, cHRM)));
    }

    @Test
    void cmykFollowsPilCmyk2rgb() {
        // r = 255 - k - round(c * (255 - k) / 255), MULDIV255 rounding: 100 * 225 / 255 = 88.2 -> 137
        WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, 4, 1, 4, null);
        raster.setPixels(0, 0, 4, 1, new int[] {0, 0, 0, 0, 255, 255, 255, 0, 100, 50, 200, 30, 10, 20, 30, 255});
        RgbImage rgb = RgbConverter.convert(raster, PilMode.CMYK, new byte[0]);
        assertArrayEquals(bytes(255, 255, 255, 0, 0, 0, 137, 181, 49, 0, 0, 0), rgb.pixels());
    }

    @Test
    void fiveAndSixBitFieldsUsePilIntegerStretch() {
        // BMP's "BGR;16": (v * 255) / 31 and / 63 in integers: 16 -> 131, 33 -> 133
        assertArrayEquals(new int[] {0, 131, 255, 133, 255}, new int[] {RgbConverter.widen(0, 5),
                RgbConverter.widen(16, 5), RgbConverter.widen(31, 5), RgbConverter.widen(33, 6),
                RgbConverter.widen(63, 6)});
    }

    private static byte[] grey(int... levels) {
        byte[] rgb = new byte[levels.length * 3];
        for (int i = 0; i < levels.length; i++) {
            rgb[3 * i] = (byte) levels[i];
            rgb[3 * i + 1] = (byte) levels[i];
            rgb[3 * i + 2] = (byte) levels[i];
        }
        return rgb;
    }
}
