package dev.duet.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;

/**
 * Raw decoded samples to 8-bit RGB, as PIL's {@code Image.open(f).convert("RGB")} produces them.
 * The samples are the file's own (no colour management, no gamma), as PIL reads them.
 *
 * <p>Sample widths first follow PIL's unpackers: fields narrower than 8 bits are stretched
 * with {@code v * 255 / (2^bits - 1)} in integers (1-bit gives 0/255, 2-bit {@code v * 85},
 * 4-bit {@code v * 17}, BMP's 5- and 6-bit fields {@code v * 255 / 31} and {@code / 63}),
 * and 16-bit samples keep their high byte ({@code "RGB;16B"}, {@code "RGBA;16B"},
 * {@code "LA;16B"}). Then {@link Rule} says how the bands make RGB.
 */
public final class RgbConverter {

    /** How PIL's {@code convert("RGB")} treats the image mode it opened the file as. */
    public enum Rule {
        /** Modes "1", "L", "LA": band 0 copied to R, G and B; alpha dropped. */
        GRAY,
        /**
         * 16-bit grayscale PNG, which PIL opens as "I;16" (formerly "I"): {@code convert("RGB")}
         * clamps the raw 16-bit value to 0..255 ({@code I16_RGB} / {@code i2rgb}), so any value
         * above 255 becomes white. It does not scale.
         */
        GRAY_16_CLAMPED,
        /**
         * Modes "P", "PA": the palette colour of the index in band 0. Indices past the end of
         * the palette read PIL's initial ramp entry (i, i, i).
         */
        PALETTE,
        /** Modes "RGB", "RGBA", "RGBX": bands 0..2; alpha dropped, not composited on any background. */
        RGB,
        /**
         * Mode "CMYK" with ink amounts (0 = no ink), i.e. after undoing the Adobe inversion:
         * {@code cmyk2rgb}, {@code r = clip(255 - k - (c * (255 - k) + 128 rounded / 255))}.
         */
        CMYK
    }

    private RgbConverter() {
    }

    /**
     * Converts {@code raster}; {@code paletteRgb} (3 bytes per entry) is read for
     * {@link Rule#PALETTE} only and may be shorter than the index range.
     */
    public static RgbImage convert(Raster raster, Rule rule, byte[] paletteRgb) {
        int width = raster.getWidth();
        int height = raster.getHeight();
        int bands = raster.getNumBands();
        int needed = switch (rule) {
            case GRAY, GRAY_16_CLAMPED, PALETTE -> 1;
            case RGB -> 3;
            case CMYK -> 4;
        };
        if (bands < needed) {
            throw new IllegalArgumentException(rule + " needs " + needed + " bands, the raster has " + bands);
        }
        int[] bits = raster.getSampleModel().getSampleSize();
        RgbImage out = RgbImage.black(width, height);
        byte[] rgb = out.pixels();
        int[] row = new int[width * bands];
        for (int y = 0; y < height; y++) {
            raster.getPixels(raster.getMinX(), raster.getMinY() + y, width, 1, row);
            int o = y * width * 3;
            for (int x = 0; x < width; x++, o += 3) {
                int p = x * bands;
                switch (rule) {
                    case GRAY -> {
                        byte v = (byte) widen(row[p], bits[0]);
                        rgb[o] = v;
                        rgb[o + 1] = v;
                        rgb[o + 2] = v;
                    }
                    case GRAY_16_CLAMPED -> {
                        byte v = (byte) Math.clamp(row[p], 0, 255);
                        rgb[o] = v;
                        rgb[o + 1] = v;
                        rgb[o + 2] = v;
                    }
                    case PALETTE -> {
                        int index = row[p];
                        if (index * 3 + 2 < paletteRgb.length) {
                            rgb[o] = paletteRgb[index * 3];
                            rgb[o + 1] = paletteRgb[index * 3 + 1];
                            rgb[o + 2] = paletteRgb[index * 3 + 2];
                        } else {
                            byte v = (byte) index;
                            rgb[o] = v;
                            rgb[o + 1] = v;
                            rgb[o + 2] = v;
                        }
                    }
                    case RGB -> {
                        rgb[o] = (byte) widen(row[p], bits[0]);
                        rgb[o + 1] = (byte) widen(row[p + 1], bits[1]);
                        rgb[o + 2] = (byte) widen(row[p + 2], bits[2]);
                    }
                    case CMYK -> {
                        int notBlack = 255 - widen(row[p + 3], bits[3]);
                        rgb[o] = (byte) inkToLight(widen(row[p], bits[0]), notBlack);
                        rgb[o + 1] = (byte) inkToLight(widen(row[p + 1], bits[1]), notBlack);
                        rgb[o + 2] = (byte) inkToLight(widen(row[p + 2], bits[2]), notBlack);
                    }
                }
            }
        }
        return out;
    }

    /**
     * An image built in Java (not decoded from a file): the rule follows its colour model, and
     * an {@link IndexColorModel} supplies the palette.
     */
    public static RgbImage fromBufferedImage(BufferedImage image) {
        ColorModel model = image.getColorModel();
        if (model instanceof IndexColorModel indexed) {
            return convert(image.getRaster(), Rule.PALETTE, paletteOf(indexed));
        }
        return convert(image.getRaster(), ruleFor(model), new byte[0]);
    }

    /** The rule for a non-indexed colour model, by its colour space family. */
    static Rule ruleFor(ColorModel model) {
        return switch (model.getColorSpace().getType()) {
            case ColorSpace.TYPE_GRAY -> Rule.GRAY;
            case ColorSpace.TYPE_RGB -> Rule.RGB;
            case ColorSpace.TYPE_CMYK -> Rule.CMYK;
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

    /** PIL's {@code CLIP8(nk - MULDIV255(ink, nk))}, MULDIV255 being {@code ((t >> 8) + t) >> 8} of t = a*b + 128. */
    private static int inkToLight(int ink, int notBlack) {
        int t = ink * notBlack + 128;
        return Math.clamp(notBlack - (((t >> 8) + t) >> 8), 0, 255);
    }
}
