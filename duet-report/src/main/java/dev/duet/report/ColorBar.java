/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.report;

import java.awt.BasicStroke;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;

/**
 * The key to a {@link ColorScale}: a strip of its colours from -limit to +limit with ticks at
 * -limit, -limit/2, 0, limit/2, limit, their values, and a caption that carries the common
 * factor of the values. Horizontal bars run negative to positive left to right and name the
 * two directions under their ends; vertical bars put positive on top.
 */
public final class ColorBar {

    public enum Orientation { HORIZONTAL, VERTICAL }

    private static final int THICKNESS = 14;
    private static final int TICK = 4;
    private static final int GAP = 3;

    private final ColorScale scale;
    private final String caption;
    private final ScaleLabels labels;

    /** @param caption what the scores mean, e.g. "contribution to similarity" */
    public ColorBar(ColorScale scale, String caption) {
        this.scale = scale;
        this.caption = caption;
        this.labels = ScaleLabels.of(scale);
    }

    public ColorScale scale() {
        return scale;
    }

    /** The caption with the scale's common factor, e.g. "contribution to similarity (×10⁻³)". */
    public String fullCaption() {
        return caption + labels.factorSuffix();
    }

    /** Room the bar needs across its length (its height when horizontal, width when vertical). */
    public int breadth(Orientation orientation) {
        FontMetrics small = Canvas.metrics(Canvas.SMALL);
        FontMetrics label = Canvas.metrics(Canvas.LABEL);
        if (orientation == Orientation.HORIZONTAL) {
            return THICKNESS + TICK + GAP + small.getHeight() + GAP + label.getHeight();
        }
        int widest = 0;
        for (double value : labels.tickValues()) {
            widest = Math.max(widest, Canvas.width(small, labels.format(value, true)));
        }
        return THICKNESS + TICK + GAP + widest + 2 * GAP + label.getHeight();
    }

    /** A stand-alone picture of the bar, {@code length} pixels long plus margins. */
    public Figure render(Orientation orientation, int length) {
        int breadth = breadth(orientation);
        boolean horizontal = orientation == Orientation.HORIZONTAL;
        // half a tick label may stick out beyond each end of the bar
        int overhang = horizontal ? 40 : 10;
        int width = horizontal ? length + 2 * overhang : breadth + 2 * Canvas.MARGIN;
        int height = horizontal ? breadth + 2 * Canvas.MARGIN : length + 2 * overhang;
        BufferedImage image = Canvas.blank(width, height);
        Graphics2D g = Canvas.graphics(image);
        draw(g, horizontal ? overhang : Canvas.MARGIN, horizontal ? Canvas.MARGIN : overhang,
                length, orientation);
        g.dispose();
        return new Figure(image);
    }

    /** Draws the bar with its strip's top-left corner at (x, y). */
    public void draw(Graphics2D g, int x, int y, int length, Orientation orientation) {
        if (length < 2) {
            throw new IllegalArgumentException("colour bar length " + length);
        }
        if (orientation == Orientation.HORIZONTAL) {
            drawHorizontal(g, x, y, length);
        } else {
            drawVertical(g, x, y, length);
        }
    }

    private void drawHorizontal(Graphics2D g, int x, int y, int length) {
        for (int i = 0; i < length; i++) {
            double t = -1 + 2 * (i + 0.5) / length;
            g.setColor(scale.map().color(t));
            g.fillRect(x + i, y, 1, THICKNESS);
        }
        frame(g, new Rectangle2D.Double(x, y, length, THICKNESS));
        FontMetrics small = g.getFontMetrics(Canvas.SMALL);
        double[] ticks = labels.tickValues();
        int labelBaseline = y + THICKNESS + TICK + GAP + small.getAscent();
        for (int i = 0; i < ticks.length; i++) {
            double tickX = x + length * (double) i / (ticks.length - 1);
            g.setColor(Canvas.INK);
            g.draw(new Line2D.Double(tickX, y + THICKNESS, tickX, y + THICKNESS + TICK));
            g.setFont(Canvas.SMALL);
            Canvas.drawCentered(g, labels.format(ticks[i], true), tickX, labelBaseline);
        }
        FontMetrics label = g.getFontMetrics(Canvas.LABEL);
        int captionBaseline = labelBaseline + small.getDescent() + GAP + label.getAscent();
        String lower = "\u2190 lowers";
        String raise = "raises \u2192";
        String centre = fullCaption();
        int spare = length - Canvas.width(label, centre)
                - 2 * Math.max(Canvas.width(small, lower), Canvas.width(small, raise)) - 16;
        g.setFont(Canvas.LABEL);
        g.setColor(Canvas.INK);
        Canvas.drawCentered(g, Canvas.fit(centre, label, length), x + length / 2.0, captionBaseline);
        if (spare >= 0) {
            g.setFont(Canvas.SMALL);
            g.setColor(Canvas.MUTED);
            g.drawString(lower, x, captionBaseline);
            g.drawString(raise, x + length - Canvas.width(small, raise), captionBaseline);
        }
    }

    private void drawVertical(Graphics2D g, int x, int y, int length) {
        for (int i = 0; i < length; i++) {
            double t = 1 - 2 * (i + 0.5) / length;
            g.setColor(scale.map().color(t));
            g.fillRect(x, y + i, THICKNESS, 1);
        }
        frame(g, new Rectangle2D.Double(x, y, THICKNESS, length));
        FontMetrics small = g.getFontMetrics(Canvas.SMALL);
        double[] ticks = labels.tickValues();
        int widest = 0;
        for (int i = 0; i < ticks.length; i++) {
            double tickY = y + length * (1 - (double) i / (ticks.length - 1));
            g.setColor(Canvas.INK);
            g.draw(new Line2D.Double(x + THICKNESS, tickY, x + THICKNESS + TICK, tickY));
            g.setFont(Canvas.SMALL);
            String text = labels.format(ticks[i], true);
            widest = Math.max(widest, Canvas.width(small, text));
            g.drawString(text, x + THICKNESS + TICK + GAP,
                    (float) (tickY + small.getAscent() / 2.0 - 1));
        }
        FontMetrics label = g.getFontMetrics(Canvas.LABEL);
        String text = Canvas.fit(fullCaption(), label, length);
        AffineTransform saved = g.getTransform();
        double captionX = x + THICKNESS + TICK + GAP + widest + 2 * GAP + label.getAscent();
        g.translate(captionX, y + length / 2.0);
        g.rotate(-Math.PI / 2);
        g.setFont(Canvas.LABEL);
        g.setColor(Canvas.INK);
        Canvas.drawCentered(g, text, 0, 0);
        g.setTransform(saved);
    }

    private static void frame(Graphics2D g, Rectangle2D strip) {
        g.setColor(Canvas.FRAME);
        g.setStroke(new BasicStroke(1f));
        g.draw(strip);
    }
}
