/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;

/**
 * Raw decoded samples (a javax.imageio raster) to the {@link DecodedImage} PIL's {@code Image.open}
 * yields, and from there to 8-bit RGB as {@code convert("RGB")} makes it. The samples are the
 * file's own (no colour management, no gamma), as PIL reads them.
 *
 * <p>Sample widths follow PIL's unpackers: fields narrower than 8 bits are stretched with
 * {@code v * 255 / (2^bits - 1)} in integers (1-bit gives 0/255, 2-bit {@code v * 85}, 4-bit
 * {@code v * 17}, BMP's 5- and 6-bit fields {@code v * 255 / 31} and {@code / 63}), and 16-bit
 * samples keep their high byte ({@code "RGB;16B"}, {@code "RGBA;16B"}, {@code "LA;16B"}), except
 * in mode I, which keeps the whole 16-bit value ({@code "I;16B"}).
 */
public final class RgbConverter {

    private RgbConverter() {
    }

    /**
     * The raster as an image of {@code mode}, reading the bands that mode has (1: band 0; LA: bands 0
     * and 1; RGB: 0..2; RGBA and CMYK: 0..3); {@code paletteRgb} (3 bytes per entry) is kept for
     * {@link PilMode#P} only and may be shorter than the index range.
     */
    public static DecodedImage decode(Raster raster, PilMode mode, byte[] paletteRgb) {
        int width = raster.getWidth();
        int height = raster.getHeight();
        int bands = raster.getNumBands();
        int needed = mode.bands();
        if (bands < needed) {
            throw new IllegalArgumentException(mode.pilName() + " needs " + needed + " bands, the raster has " + bands);
        }
        int[] bits = raster.getSampleModel().getSampleSize();
        int[] row = new int[width * bands];
        if (mode == PilMode.I) {
            int[] wide = new int[Math.multiplyExact(width, height)];
            for (int y = 0; y < height; y++) {
                raster.getPixels(raster.getMinX(), raster.getMinY() + y, width, 1, row);
                for (int x = 0; x < width; x++) {
                    wide[y * width + x] = row[x * bands];
                }
            }
            return DecodedImage.wide(width, height, wide);
        }
        byte[] samples = new byte[Math.multiplyExact(Math.multiplyExact(width, height), needed)];
        for (int y = 0, o = 0; y < height; y++) {
            raster.getPixels(raster.getMinX(), raster.getMinY() + y, width, 1, row);
            for (int x = 0; x < width; x++) {
                for (int b = 0; b < needed; b++) {
                    // palette indices are indices, never stretched
                    samples[o++] = (byte) (mode == PilMode.P ? row[x * bands] : widen(row[x * bands + b], bits[b]));
                }
            }
        }
        return mode == PilMode.P ? DecodedImage.palette(width, height, samples, paletteRgb)
                : DecodedImage.of(mode, width, height, samples);
    }

    /** {@code decode(raster, mode, paletteRgb).toRgb()}. */
    public static RgbImage convert(Raster raster, PilMode mode, byte[] paletteRgb) {
        return decode(raster, mode, paletteRgb).toRgb();
    }

    /**
     * An image built in Java (not decoded from a file), in the mode its colour model corresponds
     * to: an {@link IndexColorModel} is P with its palette, grey is L, RGB with alpha RGBA.
     */
    public static DecodedImage fromBufferedImage(BufferedImage image) {
        ColorModel model = image.getColorModel();
        if (model instanceof IndexColorModel indexed) {
            return decode(image.getRaster(), PilMode.P, paletteOf(indexed));
        }
        if (model.isAlphaPremultiplied()) {
            image = copyWithoutPremultipliedAlpha(image);
        }
        return decode(image.getRaster(), modeFor(image.getColorModel()), new byte[0]);
    }

    private static BufferedImage copyWithoutPremultipliedAlpha(BufferedImage image) {
        BufferedImage copy = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_ARGB);
        copy.getGraphics().drawImage(image, 0, 0, null);
        return copy;
    }

    /** The mode for a non-indexed colour model: its colour space family, with alpha when it has one. */
    static PilMode modeFor(ColorModel model) {
        return switch (model.getColorSpace().getType()) {
            case ColorSpace.TYPE_GRAY -> model.hasAlpha() ? PilMode.LA : PilMode.L;
            case ColorSpace.TYPE_RGB -> model.hasAlpha() ? PilMode.RGBA : PilMode.RGB;
            case ColorSpace.TYPE_CMYK -> PilMode.CMYK;
            default -> throw new IllegalArgumentException("unsupported colour space type "
                    + model.getColorSpace().getType() + " with " + model.getNumComponents() + " components");
        };
    }

    /** The colour table of an indexed image, 3 bytes (R, G, B) per entry. */
    static byte[] paletteOf(IndexColorModel model) {
        int size = model.getMapSize();
        byte[] reds = new byte[size];
        byte[] greens = new byte[size];
        byte[] blues = new byte[size];
        model.getReds(reds);
        model.getGreens(greens);
        model.getBlues(blues);
        byte[] palette = new byte[size * 3];
        for (int i = 0; i < size; i++) {
            palette[i * 3] = reds[i];
            palette[i * 3 + 1] = greens[i];
            palette[i * 3 + 2] = blues[i];
        }
        return palette;
    }

    /** A sample of {@code bits} bits as PIL's unpackers make it 8-bit. */
    static int widen(int sample, int bits) {
        if (bits == 8) {
            return sample;
        }
        if (bits < 8) {
            return sample * 255 / ((1 << bits) - 1);
        }
        return sample >>> (bits - 8);
    }
}
