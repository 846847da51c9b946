/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.report;

import dev.duet.image.CropGeometry;
import dev.duet.image.PatchRegions;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/** Synthetic photos and maps for the picture tests. */
final class Scenes {

    /** 320x240 as CLIP-B/16 sees it: short side to 224 (298x224), centre 224 crop at x = 37. */
    static final PatchRegions CLIP_320X240 = new PatchRegions(
            new CropGeometry(320, 240, 298, 224, 37, 0, 224, 224), 14, 14, 16);

    static final Color BACKGROUND = new Color(0xe6, 0xe6, 0xe6);

    private Scenes() {
    }

    /** Light grey 320x240 with a red circle centred at (100, 120), radius 60, and a blue square. */
    static BufferedImage redCircle() {
        BufferedImage image = new BufferedImage(320, 240, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(BACKGROUND);
        g.fillRect(0, 0, 320, 240);
        g.setColor(new Color(220, 30, 30));
        g.fillOval(40, 60, 120, 120);
        g.setColor(new Color(30, 60, 210));
        g.fillRect(190, 80, 90, 90);
        g.dispose();
        return image;
    }

    /**
     * A Gaussian bump of the given height centred on original point (x, y), sampled at patch
     * centres, with width {@code sigma} in original pixels.
     */
    static float[] bump(PatchRegions regions, double x, double y, double sigma, double height) {
        float[] map = new float[regions.patchCount()];
        for (int i = 0; i < map.length; i++) {
            var rect = regions.patchRect(i);
            double dx = (rect.left() + rect.right()) / 2 - x;
            double dy = (rect.top() + rect.bottom()) / 2 - y;
            map[i] = (float) (height * Math.exp(-(dx * dx + dy * dy) / (2 * sigma * sigma)));
        }
        return map;
    }

    static float[] plus(float[] a, float[] b) {
        float[] sum = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            sum[i] = a[i] + b[i];
        }
        return sum;
    }
}
