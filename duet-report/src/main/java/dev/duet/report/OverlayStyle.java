/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.report;

/**
 * How a patch map is laid over a photo.
 *
 * @param panelSize       the width of the drawn photo in pixels, whatever its size; tall photos
 *                        are narrowed so that their height stays within 1.25 times this
 * @param opacity         how strongly the map's colours cover the photo, 0 to 1; a score's
 *                        colour is laid as a tint as strong as the colour is far from the
 *                        neutral, so zero leaves the photo untouched
 * @param marginShade     how far the parts the model never saw (cropped away) are darkened
 *                        towards black, 0 to 1
 * @param photoSaturation colourfulness kept in the photo under the map, 0 (grey) to 1, so that
 *                        the photo's own reds and blues are not read as scores
 * @param caption         what the scores mean, under or beside the colour bar
 */
public record OverlayStyle(int panelSize, double opacity, double marginShade,
                           double photoSaturation, String caption) {

    public static final OverlayStyle DEFAULT =
            new OverlayStyle(512, 0.85, 0.5, 0.0, "contribution to similarity");

    /** Smaller panels for grids of many maps. */
    public static final OverlayStyle SMALL = DEFAULT.withPanelSize(232);

    public OverlayStyle {
        if (panelSize < 32 || panelSize > 4096) {
            throw new IllegalArgumentException("panel size " + panelSize + " outside 32..4096");
        }
        if (!inUnitRange(opacity) || !inUnitRange(marginShade) || !inUnitRange(photoSaturation)) {
            throw new IllegalArgumentException("opacity, shade and saturation must be in [0, 1]");
        }
        if (caption == null) {
            throw new IllegalArgumentException("caption is null");
        }
    }

    public OverlayStyle withPanelSize(int size) {
        return new OverlayStyle(size, opacity, marginShade, photoSaturation, caption);
    }

    public OverlayStyle withCaption(String text) {
        return new OverlayStyle(panelSize, opacity, marginShade, photoSaturation, text);
    }

    private static boolean inUnitRange(double value) {
        return value >= 0 && value <= 1;
    }
}
