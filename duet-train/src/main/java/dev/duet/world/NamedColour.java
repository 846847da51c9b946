/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.world;

import java.util.List;

/**
 * A colour word and the RGB value objects of that colour are painted with (before a small
 * per-object jitter). The standard palette keeps every pair at least ~75 apart in RGB.
 */
public record NamedColour(String name, int red, int green, int blue) {

    public static final NamedColour RED = new NamedColour("red", 218, 40, 40);
    public static final NamedColour GREEN = new NamedColour("green", 38, 168, 62);
    public static final NamedColour BLUE = new NamedColour("blue", 36, 84, 222);
    public static final NamedColour YELLOW = new NamedColour("yellow", 250, 214, 30);
    public static final NamedColour ORANGE = new NamedColour("orange", 250, 136, 20);
    public static final NamedColour PURPLE = new NamedColour("purple", 138, 58, 182);
    public static final NamedColour BLACK = new NamedColour("black", 24, 24, 26);
    public static final NamedColour WHITE = new NamedColour("white", 246, 246, 244);
    public static final NamedColour GRAY = new NamedColour("gray", 128, 128, 128);
    public static final NamedColour BROWN = new NamedColour("brown", 128, 78, 36);
    public static final NamedColour PINK = new NamedColour("pink", 250, 138, 192);
    /* Not in the standard world: available for shifted worlds. Each lies at least ~90 from every colour above. */
    public static final NamedColour CYAN = new NamedColour("cyan", 30, 200, 222);
    public static final NamedColour MAGENTA = new NamedColour("magenta", 222, 30, 200);
    public static final NamedColour LIME = new NamedColour("lime", 150, 226, 40);

    /** The eleven colours of the standard world. */
    public static final List<NamedColour> STANDARD =
            List.of(RED, GREEN, BLUE, YELLOW, ORANGE, PURPLE, BLACK, WHITE, GRAY, BROWN, PINK);

    public NamedColour {
        if (name == null || !name.matches("[a-z]+")) {
            throw new IllegalArgumentException("colour name must be one lower-case word, got '" + name + "'");
        }
        if ((red | green | blue) < 0 || red > 255 || green > 255 || blue > 255) {
            throw new IllegalArgumentException("colour channels must be in [0, 255]");
        }
    }

    /** 0xRRGGBB. */
    public int rgb() {
        return red << 16 | green << 8 | blue;
    }

    /** Euclidean distance in RGB to a 0xRRGGBB value. */
    public double distanceTo(int rgb) {
        int dr = red - (rgb >> 16 & 0xFF);
        int dg = green - (rgb >> 8 & 0xFF);
        int db = blue - (rgb & 0xFF);
        return Math.sqrt(dr * dr + dg * dg + db * db);
    }
}
