/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.image;

import java.util.Objects;

/**
 * An image as {@code PIL.Image.open} yields it: its {@link PilMode} and its samples in that mode,
 * before any conversion to RGB. OpenAI's and open_clip's preprocessing resize and crop it in this
 * mode ({@link #resize}, {@link #crop}) and convert to RGB last ({@link #toRgb}); transformers'
 * converts first.
 *
 * <p>Storage: 8-bit modes keep {@code samples} as {@code [height][width][mode.bands()]} bytes
 * (mode 1 as 0 or 255, as PIL stores it; LA as grey then alpha; CMYK as ink amounts); mode I keeps
 * {@code wide} as {@code [height][width]} ints. P carries its palette (3 bytes per entry, as
 * stored in the file, possibly shorter than the index range). Arrays are shared: treat them as read-only.
 */
public final class DecodedImage {

    private final PilMode mode;
    private final int width;
    private final int height;
    private final byte[] samples;
    private final int[] wide;
    private final byte[] paletteRgb;

    private DecodedImage(PilMode mode, int width, int height, byte[] samples, int[] wide, byte[] paletteRgb) {
        this.mode = Objects.requireNonNull(mode, "mode");
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive: " + width + "x" + height);
        }
        long expected = Math.multiplyExact(Math.multiplyExact((long) width, height), mode.bands());
        long actual = mode == PilMode.I ? wide.length : samples.length;
        if (actual != expected) {
            throw new IllegalArgumentException(mode.pilName() + " image " + width + "x" + height + " needs "
                    + expected + " samples, got " + actual);
        }
        this.width = width;
        this.height = height;
        this.samples = samples;
        this.wide = wide;
        this.paletteRgb = paletteRgb;
    }

    /**
     * {@return an image of an 8-bit mode (every mode but I and P)}
     *
     * @param mode    the mode
     * @param width   pixels across, positive
     * @param height  pixels down, positive
     * @param samples {@code [height][width][mode.bands()]}, shared
     * @throws IllegalArgumentException if a size is not positive or the samples do not fill the image, or the mode is I or P
     */
    public static DecodedImage of(PilMode mode, int width, int height, byte[] samples) {
        if (mode == PilMode.I || mode == PilMode.P) {
            throw new IllegalArgumentException("mode " + mode.pilName() + " needs " + (mode == PilMode.I ? "ints" : "a palette"));
        }
        return new DecodedImage(mode, width, height, samples, null, null);
    }

    /**
     * {@return a palette image (mode P)}
     *
     * @param width      pixels across, positive
     * @param height     pixels down, positive
     * @param indices    {@code [height][width]} palette indices, shared
     * @param paletteRgb 3 bytes per entry, copied; may be shorter than the indices' range
     * @throws IllegalArgumentException if a size is not positive or the samples do not fill the image
     */
    public static DecodedImage palette(int width, int height, byte[] indices, byte[] paletteRgb) {
        return new DecodedImage(PilMode.P, width, height, indices, null, paletteRgb.clone());
    }

    /**
     * {@return a mode I image}
     *
     * @param width   pixels across, positive
     * @param height  pixels down, positive
     * @param samples {@code [height][width]} 32-bit samples, shared
     * @throws IllegalArgumentException if a size is not positive or the samples do not fill the image
     */
    public static DecodedImage wide(int width, int height, int[] samples) {
        return new DecodedImage(PilMode.I, width, height, null, samples, null);
    }

    /**
     * {@return an RGB image's bytes as mode RGB (shared)}
     *
     * @param image 8-bit RGB pixels
     */
    public static DecodedImage of(RgbImage image) {
        return new DecodedImage(PilMode.RGB, image.width(), image.height(), image.pixels(), null, null);
    }

    /** {@return the mode PIL opened the image in} */
    public PilMode mode() {
        return mode;
    }

    /** {@return pixels across} */
    public int width() {
        return width;
    }

    /** {@return pixels down} */
    public int height() {
        return height;
    }

    /**
     * This palette image as the grey mode {@code grey} (1 or L) whose levels are the palette's:
     * what PIL opens when a file's palette is a grey ramp it drops.
     */
    DecodedImage greyFromPalette(PilMode grey) {
        if (mode != PilMode.P || grey.bands() != 1 || grey == PilMode.I || grey == PilMode.P) {
            throw new IllegalArgumentException("a P image to mode 1 or L, not " + mode.pilName() + " to " + grey.pilName());
        }
        byte[] levels = new byte[samples.length];
        for (int i = 0; i < levels.length; i++) {
            int index = samples[i] & 0xFF;
            levels[i] = index * 3 < paletteRgb.length ? paletteRgb[index * 3] : (byte) index;
        }
        return of(grey, width, height, levels);
    }

    /** Whether entry i of a palette (3 bytes per entry) is (i * step, i * step, i * step) for every i. */
    static boolean isGreyRamp(byte[] paletteRgb, int step) {
        for (int i = 0; i < paletteRgb.length; i++) {
            if ((paletteRgb[i] & 0xFF) != (i / 3) * step) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code Image.resize(size, filter)} in Pillow 9.4: a same-size resize is a copy; modes 1 and P
     * use NEAREST whatever {@code filter} says; LA and RGBA are premultiplied, resized and divided
     * back; I is resized in double.
     *
     * @param filter    the resampling filter
     * @param outWidth  the width after resizing, positive
     * @param outHeight the height after resizing, positive
     * @return the resized image, in the same mode (this image when the size is unchanged)
     */
    public DecodedImage resize(ResampleFilter filter, int outWidth, int outHeight) {
        if (outWidth == width && outHeight == height) {
            return this;
        }
        if (mode.resizesNearest()) {
            return new DecodedImage(mode, outWidth, outHeight,
                    PilResampler.nearest(samples, width, height, outWidth, outHeight), null, paletteRgb);
        }
        PilResampler resampler = new PilResampler(filter);
        if (mode == PilMode.I) {
            return wide(outWidth, outHeight, resampler.resize(wide, width, height, outWidth, outHeight));
        }
        if (mode.resizesPremultiplied()) {
            byte[] resized = resampler.resize(premultiplied(samples, mode.bands()), width, height, mode.bands(),
                    outWidth, outHeight);
            return of(mode, outWidth, outHeight, unpremultiplied(resized, mode.bands()));
        }
        return of(mode, outWidth, outHeight, resampler.resize(samples, width, height, mode.bands(), outWidth, outHeight));
    }

    /**
     * The {@code cropWidth x cropHeight} window at ({@code x}, {@code y}); samples outside the image
     * are zero in this mode (torchvision pads with 0 and PIL's crop fills with 0: black for most
     * modes, palette entry 0 for P, no ink (white) for CMYK).
     *
     * @param x          the window's left edge, negative to pad on the left
     * @param y          its top edge, negative to pad above
     * @param cropWidth  its width, positive
     * @param cropHeight its height, positive
     * @return the window, in the same mode (this image when the window is the whole image)
     */
    public DecodedImage crop(int x, int y, int cropWidth, int cropHeight) {
        if (x == 0 && y == 0 && cropWidth == width && cropHeight == height) {
            return this;
        }
        int bands = mode.bands();
        int fromX = Math.max(x, 0);
        int toX = Math.min(x + cropWidth, width);
        int fromY = Math.max(y, 0);
        int toY = Math.min(y + cropHeight, height);
        int length = Math.multiplyExact(Math.multiplyExact(cropWidth, cropHeight), bands);
        if (mode == PilMode.I) {
            int[] out = new int[length];
            for (int row = fromY; row < toY && fromX < toX; row++) {
                System.arraycopy(wide, row * width + fromX, out, (row - y) * cropWidth + (fromX - x), toX - fromX);
            }
            return wide(cropWidth, cropHeight, out);
        }
        byte[] out = new byte[length];
        for (int row = fromY; row < toY && fromX < toX; row++) {
            System.arraycopy(samples, (row * width + fromX) * bands, out, ((row - y) * cropWidth + (fromX - x)) * bands,
                    (toX - fromX) * bands);
        }
        return new DecodedImage(mode, cropWidth, cropHeight, out, null, paletteRgb);
    }

    /**
     * {@code convert("RGB")} (Pillow 9.4 {@code Convert.c}): 1, L and LA copy the grey level (alpha
     * dropped); P looks the index up, an index past the stored palette reading PIL's initial ramp
     * entry (i, i, i), transparency ignored; I clips to 0..255; RGBA drops alpha without compositing;
     * CMYK is {@code cmyk2rgb}.
     *
     * @return the image in 8-bit RGB (sharing the samples of an RGB image)
     */
    public RgbImage toRgb() {
        if (mode == PilMode.RGB) {
            return new RgbImage(width, height, samples);
        }
        int pixels = width * height;
        byte[] rgb = new byte[Math.multiplyExact(pixels, 3)];
        int bands = mode.bands();
        for (int i = 0, o = 0; i < pixels; i++, o += 3) {
            switch (mode) {
                case BILEVEL, L, LA -> fill(rgb, o, samples[i * bands]);
                case I -> fill(rgb, o, (byte) Math.clamp(wide[i], 0, 255));
                case P -> {
                    int index = samples[i] & 0xFF;
                    if (index * 3 + 2 < paletteRgb.length) {
                        rgb[o] = paletteRgb[index * 3];
                        rgb[o + 1] = paletteRgb[index * 3 + 1];
                        rgb[o + 2] = paletteRgb[index * 3 + 2];
                    } else {
                        fill(rgb, o, (byte) index);
                    }
                }
                case RGBA -> System.arraycopy(samples, i * 4, rgb, o, 3);
                case CMYK -> {
                    int notBlack = 255 - (samples[i * 4 + 3] & 0xFF);
                    for (int c = 0; c < 3; c++) {
                        rgb[o + c] = (byte) inkToLight(samples[i * 4 + c] & 0xFF, notBlack);
                    }
                }
                case RGB -> throw new IllegalStateException("handled above");
            }
        }
        return new RgbImage(width, height, rgb);
    }

    private static void fill(byte[] rgb, int offset, byte grey) {
        rgb[offset] = grey;
        rgb[offset + 1] = grey;
        rgb[offset + 2] = grey;
    }

    /** PIL's {@code MULDIV255(a, b)}: {@code t = a * b + 128; ((t >> 8) + t) >> 8}, a * b / 255 rounded. */
    private static int mulDiv255(int a, int b) {
        int t = a * b + 128;
        return ((t >> 8) + t) >> 8;
    }

    /** {@code cmyk2rgb}: {@code CLIP8(nk - MULDIV255(ink, nk))} with {@code nk = 255 - k}. */
    private static int inkToLight(int ink, int notBlack) {
        return Math.clamp(notBlack - mulDiv255(ink, notBlack), 0, 255);
    }

    /** {@code rgbA2rgba} / {@code lA2la}: every band but the last (alpha) times alpha / 255. */
    private static byte[] premultiplied(byte[] samples, int bands) {
        byte[] out = samples.clone();
        for (int p = 0; p < out.length; p += bands) {
            int alpha = out[p + bands - 1] & 0xFF;
            for (int b = 0; b < bands - 1; b++) {
                out[p + b] = (byte) mulDiv255(out[p + b] & 0xFF, alpha);
            }
        }
        return out;
    }

    /** {@code rgba2rgbA} / {@code la2lA}: alpha 0 or 255 keeps the bands, else {@code CLIP8(255 * v / alpha)} in integers. */
    private static byte[] unpremultiplied(byte[] samples, int bands) {
        for (int p = 0; p < samples.length; p += bands) {
            int alpha = samples[p + bands - 1] & 0xFF;
            if (alpha != 0 && alpha != 255) {
                for (int b = 0; b < bands - 1; b++) {
                    samples[p + b] = (byte) Math.min(255 * (samples[p + b] & 0xFF) / alpha, 255);
                }
            }
        }
        return samples;
    }
}
