/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/** The shared look of every figure: white paper, dark ink, antialiased SansSerif text. */
final class Canvas {

    static {
        // figures are drawn into memory; no display is needed or wanted (servers, CI)
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 17);
    static final Font HEADING = new Font(Font.SANS_SERIF, Font.BOLD, 14);
    static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    static final Font SMALL = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    static final Color PAPER = Color.WHITE;
    static final Color INK = new Color(0x22, 0x22, 0x22);
    static final Color MUTED = new Color(0x6b, 0x6b, 0x6b);
    static final Color FRAME = new Color(0x9a, 0x9a, 0x9a);
    static final int MARGIN = 16;

    private static final BufferedImage SCRATCH = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);

    private Canvas() {
    }

    /** A white RGB image of the given size. */
    static BufferedImage blank(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(PAPER);
        g.fillRect(0, 0, width, height);
        g.dispose();
        return image;
    }

    static Graphics2D graphics(BufferedImage image) {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING,
                RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS,
                RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION,
                RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        return g;
    }

    /** Font metrics for laying out text before the figure's image exists. */
    static FontMetrics metrics(Font font) {
        Graphics2D g = graphics(SCRATCH);
        try {
            return g.getFontMetrics(font);
        } finally {
            g.dispose();
        }
    }

    static void drawCentered(Graphics2D g, String text, double centerX, double baseline) {
        double width = g.getFontMetrics().getStringBounds(text, g).getWidth();
        g.drawString(text, (float) (centerX - width / 2), (float) baseline);
    }

    static int width(FontMetrics metrics, String text) {
        return (int) Math.ceil(metrics.getStringBounds(text, null).getWidth());
    }

    /** The text, cut with an ellipsis if needed so that it fits {@code maxWidth} pixels. */
    static String fit(String text, FontMetrics metrics, int maxWidth) {
        if (width(metrics, text) <= maxWidth) {
            return text;
        }
        int end = text.length();
        while (end > 0 && width(metrics, text.substring(0, end) + "\u2026") > maxWidth) {
            end = Character.isLowSurrogate(text.charAt(end - 1)) && end > 1 ? end - 2 : end - 1;
        }
        return text.substring(0, end) + "\u2026";
    }

    /** Black or white, whichever reads better on the background. */
    static Color inkOn(int backgroundRgb) {
        double luminance = relativeLuminance(backgroundRgb);
        return luminance > 0.33 ? INK : Color.WHITE;
    }

    /** WCAG relative luminance of an sRGB colour, in [0, 1]. */
    static double relativeLuminance(int rgb) {
        return 0.2126 * linear((rgb >> 16) & 0xff) + 0.7152 * linear((rgb >> 8) & 0xff)
                + 0.0722 * linear(rgb & 0xff);
    }

    private static double linear(int value) {
        double c = value / 255.0;
        return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }
}
