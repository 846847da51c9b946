/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.image;

/**
 * The image modes PIL opens files in ({@code Image.open(f).mode}, Pillow 9.4), which decide how
 * {@code Image.resize} treats an image and how {@code convert("RGB")} reads it.
 */
public enum PilMode {
    /** "1": bilevel, stored as 0 or 255; resized with NEAREST whatever filter is asked for. */
    BILEVEL("1", 1),
    /** "L": 8-bit grey. */
    L("L", 1),
    /** "P": 8-bit palette indices; resized with NEAREST; transparency is ignored by {@code convert("RGB")}. */
    P("P", 1),
    /** "LA": grey and alpha; resized premultiplied ("La") and converted back. */
    LA("LA", 2),
    /** "I": 32-bit signed integers (16-bit grey PNGs in Pillow 9.4); resized in double, clipped to 0..255 into RGB. */
    I("I", 1),
    /** "RGB". */
    RGB("RGB", 3),
    /** "RGBA": resized premultiplied ("RGBa") and converted back; alpha dropped, not composited, into RGB. */
    RGBA("RGBA", 4),
    /** "CMYK": ink amounts (0 = no ink), resized as four bands, converted after. */
    CMYK("CMYK", 4);

    private final String pilName;
    private final int bands;

    PilMode(String pilName, int bands) {
        this.pilName = pilName;
        this.bands = bands;
    }

    /** {@return the mode as PIL spells it ({@code "1"}, {@code "RGBA"}, ...)} */
    public String pilName() {
        return pilName;
    }

    /** {@return samples per pixel as Duet stores them (PIL pads most modes to four bytes; Duet does not)} */
    public int bands() {
        return bands;
    }

    /** Whether {@code Image.resize} forces NEAREST for this mode ({@code Image.py}: modes "1" and "P"). */
    boolean resizesNearest() {
        return this == BILEVEL || this == P;
    }

    /** Whether {@code Image.resize} goes through premultiplied alpha for this mode ("LA" to "La", "RGBA" to "RGBa"). */
    boolean resizesPremultiplied() {
        return this == LA || this == RGBA;
    }
}
