/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.report;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/** Photos to a given size for display, without the aliasing of one big bicubic step. */
final class Resampling {

    private Resampling() {
    }

    /**
     * An opaque RGB copy of the image at width x height. Transparent parts show white. Large
     * reductions go by halving first (each halving averages 2x2 pixels under bilinear
     * filtering), then one bicubic step to the exact size.
     */
    static BufferedImage resize(BufferedImage image, int width, int height) {
        BufferedImage current = opaque(image);
        while (current.getWidth() >= 2 * width && current.getHeight() >= 2 * height) {
            current = draw(current, current.getWidth() / 2, current.getHeight() / 2,
                    RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        }
        if (current.getWidth() == width && current.getHeight() == height) {
            return current;
        }
        return draw(current, width, height, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
    }

    private static BufferedImage opaque(BufferedImage image) {
        BufferedImage copy = new BufferedImage(image.getWidth(), image.getHeight(),
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = copy.createGraphics();
        g.drawImage(image, 0, 0, Color.WHITE, null);
        g.dispose();
        return copy;
    }

    private static BufferedImage draw(BufferedImage source, int width, int height, Object quality) {
        BufferedImage target = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = target.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, quality);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.drawImage(source, 0, 0, width, height, null);
        g.dispose();
        return target;
    }
}
