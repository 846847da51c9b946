/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.report;

import dev.duet.image.CropGeometry;
import dev.duet.image.PatchRegions;
import dev.duet.image.PatchRegions.Rect;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * One photo scaled to a panel, ready to carry any number of patch maps: the map's smooth
 * surface is computed per panel pixel, taken back through the crop to the place in the photo
 * it came from, and laid as a tint over a desaturated, slightly faded copy of the photo; the
 * margins the crop cut away are darkened and keep their colours.
 */
final class OverlayPanel {

    private static final double MAX_ASPECT = 1.25;
    /** Share of white mixed into the photo under the map, so that colours read on dark objects. */
    private static final double PHOTO_FADE = 0.25;

    private final PatchRegions regions;
    private final OverlayStyle style;
    private final int width;
    private final int height;
    private final int[] photo;

    OverlayPanel(BufferedImage original, PatchRegions regions, OverlayStyle style) {
        CropGeometry crop = regions.crop();
        if (original.getWidth() != crop.originalWidth()
                || original.getHeight() != crop.originalHeight()) {
            throw new IllegalArgumentException("image is " + original.getWidth() + "x"
                    + original.getHeight() + " but the crop geometry describes "
                    + crop.originalWidth() + "x" + crop.originalHeight());
        }
        this.regions = regions;
        this.style = style;
        double scale = Math.min(style.panelSize() / (double) original.getWidth(),
                MAX_ASPECT * style.panelSize() / original.getHeight());
        this.width = Math.max(1, (int) Math.round(original.getWidth() * scale));
        this.height = Math.max(1, (int) Math.round(original.getHeight() * scale));
        this.photo = Resampling.resize(original, width, height)
                .getRGB(0, 0, width, height, null, 0, width);
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }

    /** Original-image pixels to panel pixels. */
    AffineTransform originalToPanel() {
        return AffineTransform.getScaleInstance(width / (double) regions.crop().originalWidth(),
                height / (double) regions.crop().originalHeight());
    }

    /** The photo with the map over it and the boxes outlined, {@code width() x height()}. */
    BufferedImage paint(float[] map, ColorScale colors, List<Box> boxes) {
        PatchMapSampler surface = new PatchMapSampler(map, regions.rows(), regions.cols());
        CropGeometry crop = regions.crop();
        Rect seen = regions.gridRect();
        double toOriginalX = crop.originalWidth() / (double) width;
        double toOriginalY = crop.originalHeight() / (double) height;
        int neutral = colors.map().neutralRgb();
        int[] pixels = new int[width * height];
        for (int y = 0; y < height; y++) {
            double originalY = (y + 0.5) * toOriginalY;
            double row = crop.originalToCropY(originalY) / regions.patchSize() - 0.5;
            for (int x = 0; x < width; x++) {
                double originalX = (x + 0.5) * toOriginalX;
                int under = photo[y * width + x];
                if (!seen.contains(originalX, originalY)) {
                    pixels[y * width + x] = shade(under);
                    continue;
                }
                double col = crop.originalToCropX(originalX) / regions.patchSize() - 0.5;
                double t = colors.normalized(surface.at(col, row));
                int background = blend(desaturate(under), 0xffffff, PHOTO_FADE);
                pixels[y * width + x] = tint(background, colors.map().rgb(t), neutral);
            }
        }
        BufferedImage panel = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        panel.setRGB(0, 0, width, height, pixels, 0, width);
        Graphics2D g = Canvas.graphics(panel);
        AffineTransform toPanel = originalToPanel();
        if (!coversPhoto(seen, crop)) {
            g.setColor(new Color(255, 255, 255, 170));
            g.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                    new float[] {4f, 3f}, 0f));
            g.draw(toPanel.createTransformedShape(new Rectangle2D.Double(
                    seen.left(), seen.top(), seen.width(), seen.height())));
        }
        for (Box box : boxes) {
            box.draw(g, toPanel);
        }
        g.dispose();
        return panel;
    }

    private static boolean coversPhoto(Rect seen, CropGeometry crop) {
        double slack = 1e-9;
        return seen.left() <= slack && seen.top() <= slack
                && seen.right() >= crop.originalWidth() - slack
                && seen.bottom() >= crop.originalHeight() - slack;
    }

    private int shade(int rgb) {
        double keep = 1 - style.marginShade();
        return darken(rgb, 16, keep) << 16 | darken(rgb, 8, keep) << 8 | darken(rgb, 0, keep);
    }

    private int desaturate(int rgb) {
        int red = (rgb >> 16) & 0xff;
        int green = (rgb >> 8) & 0xff;
        int blue = rgb & 0xff;
        double grey = 0.299 * red + 0.587 * green + 0.114 * blue;
        double s = style.photoSaturation();
        return mix(red, grey, s) << 16 | mix(green, grey, s) << 8 | mix(blue, grey, s);
    }

    private static int mix(int colour, double grey, double keep) {
        return (int) Math.round(grey + (colour - grey) * keep);
    }

    private static int darken(int rgb, int shift, double keep) {
        return (int) Math.round(((rgb >> shift) & 0xff) * keep);
    }

    /**
     * The map colour c laid over the photo as a tint: c is split into a pure colour p and a
     * coverage a with c = a p + (1 - a) n over the map's neutral n ("colour to alpha"), and p
     * goes over the photo with weight a times the opacity. Over a background as light as the
     * neutral this gives back the colour bar's colour (at full opacity); over dark objects
     * small scores tint them instead of fogging them with the pale colours of the map's middle.
     */
    private int tint(int photoRgb, int colour, int neutral) {
        double coverage = 0;
        for (int shift = 0; shift <= 16; shift += 8) {
            int c = (colour >> shift) & 0xff;
            int n = (neutral >> shift) & 0xff;
            coverage = Math.max(coverage, c < n ? (n - c) / (double) n
                    : (c - n) / (double) Math.max(1, 255 - n));
        }
        if (coverage == 0) {
            return photoRgb;
        }
        int result = 0;
        for (int shift = 0; shift <= 16; shift += 8) {
            int c = (colour >> shift) & 0xff;
            int n = (neutral >> shift) & 0xff;
            double pure = Math.clamp(n + (c - n) / coverage, 0, 255);
            int under = (photoRgb >> shift) & 0xff;
            int mixed = (int) Math.round(under + (pure - under) * coverage * style.opacity());
            result |= mixed << shift;
        }
        return result;
    }

    private static int blend(int under, int over, double alpha) {
        return blendChannel(under, over, 16, alpha) << 16 | blendChannel(under, over, 8, alpha) << 8
                | blendChannel(under, over, 0, alpha);
    }

    private static int blendChannel(int under, int over, int shift, double alpha) {
        int a = (under >> shift) & 0xff;
        int b = (over >> shift) & 0xff;
        return (int) Math.round(a + (b - a) * alpha);
    }
}
