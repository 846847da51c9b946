/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.report;

import dev.duet.image.PatchRegions.Rect;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;

/**
 * An outlined region of the original image, such as the box a user selected, with an optional
 * label. The outline is dark on a white halo so it shows on any photo and on both ends of the
 * colour map.
 *
 * @param region in original-image pixels (see {@link Rect})
 * @param label  shown in a tag at the box's top-left corner; empty for none
 */
public record Box(Rect region, String label) {

    public Box {
        if (region == null || label == null) {
            throw new IllegalArgumentException("box region and label must not be null");
        }
    }

    public static Box around(Rect region) {
        return new Box(region, "");
    }

    /** Draws the box; {@code originalToCanvas} maps original-image pixels to the canvas. */
    public void draw(Graphics2D g, AffineTransform originalToCanvas) {
        Rectangle2D onCanvas = originalToCanvas.createTransformedShape(new Rectangle2D.Double(
                region.left(), region.top(), region.width(), region.height())).getBounds2D();
        Graphics2D pen = (Graphics2D) g.create();
        try {
            pen.setStroke(new BasicStroke(4.5f, BasicStroke.CAP_SQUARE, BasicStroke.JOIN_MITER));
            pen.setColor(new Color(255, 255, 255, 220));
            pen.draw(onCanvas);
            pen.setStroke(new BasicStroke(2f, BasicStroke.CAP_SQUARE, BasicStroke.JOIN_MITER));
            pen.setColor(Canvas.INK);
            pen.draw(onCanvas);
            if (!label.isEmpty()) {
                drawTag(pen, onCanvas);
            }
        } finally {
            pen.dispose();
        }
    }

    private void drawTag(Graphics2D pen, Rectangle2D onCanvas) {
        pen.setFont(Canvas.SMALL);
        FontMetrics metrics = pen.getFontMetrics();
        double width = Canvas.width(metrics, label) + 8;
        double height = metrics.getHeight() + 2;
        // above the box when there is room on the canvas, otherwise just inside its top edge
        double top = onCanvas.getY() - height - 2 >= 0 ? onCanvas.getY() - height - 2
                : onCanvas.getY() + 3;
        double left = onCanvas.getX() - 1;
        pen.setColor(Canvas.INK);
        pen.fill(new RoundRectangle2D.Double(left, top, width, height, 6, 6));
        pen.setColor(Color.WHITE);
        pen.drawString(label, (float) (left + 4), (float) (top + 1 + metrics.getAscent()));
    }
}
