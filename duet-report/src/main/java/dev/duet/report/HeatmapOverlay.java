/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.report;

import dev.duet.image.PatchRegions;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * One patch map over the original photo: a title (such as the caption span it explains), the
 * photo with the map's smooth surface placed where the model's crop came from, and the colour
 * bar beside it (below it for wide, short photos).
 */
public final class HeatmapOverlay {

    /** Shorter panels than this get a horizontal bar underneath; a vertical one would be cramped. */
    private static final int MIN_VERTICAL_BAR = 200;
    private static final int BAR_GAP = 18;
    private static final int MAX_HORIZONTAL_BAR = 400;

    private final OverlayPanel panel;
    private final OverlayStyle style;

    /**
     * @param original the photo as the user gave it, before resizing and cropping
     * @param regions  how the model's input was cut from it, and its patch grid
     */
    public HeatmapOverlay(BufferedImage original, PatchRegions regions) {
        this(original, regions, OverlayStyle.DEFAULT);
    }

    public HeatmapOverlay(BufferedImage original, PatchRegions regions, OverlayStyle style) {
        this.panel = new OverlayPanel(original, regions, style);
        this.style = style;
    }

    /** The map coloured on a scale fitted to its own largest |score|. */
    public Figure render(String title, float[] map) {
        return render(title, map, ColorScale.fitting(map), List.of());
    }

    /**
     * @param map    one score per patch, [rows * cols] row-major
     * @param colors the scale, shared when several figures must be compared
     * @param boxes  regions to outline, in original pixels
     */
    public Figure render(String title, float[] map, ColorScale colors, List<Box> boxes) {
        BufferedImage picture = panel.paint(map, colors, boxes);
        ColorBar bar = new ColorBar(colors, style.caption());
        boolean vertical = verticalBar();
        ColorBar.Orientation orientation = vertical ? ColorBar.Orientation.VERTICAL
                : ColorBar.Orientation.HORIZONTAL;
        int barBreadth = bar.breadth(orientation);
        int width = figureWidth(bar);
        Title heading = Title.of(title, width - 2 * Canvas.MARGIN);
        int height = 2 * Canvas.MARGIN + heading.height() + panel.height()
                + (vertical ? 0 : BAR_GAP + barBreadth);

        BufferedImage image = Canvas.blank(width, height);
        Graphics2D g = Canvas.graphics(image);
        heading.draw(g, Canvas.MARGIN, Canvas.MARGIN);
        int panelX = Canvas.MARGIN;
        int panelY = Canvas.MARGIN + heading.height();
        g.drawImage(picture, panelX, panelY, null);
        g.setColor(Canvas.FRAME);
        g.drawRect(panelX - 1, panelY - 1, panel.width() + 1, panel.height() + 1);
        if (vertical) {
            bar.draw(g, panelX + panel.width() + BAR_GAP, panelY, panel.height(), orientation);
        } else {
            int length = Math.min(panel.width() - 60, MAX_HORIZONTAL_BAR);
            bar.draw(g, panelX + (panel.width() - length) / 2, panelY + panel.height() + BAR_GAP,
                    length, orientation);
        }
        g.dispose();
        return new Figure(image);
    }

    /**
     * Original-photo pixels to pixels of the figure that {@link #render} draws with this title
     * (for image maps and for placing marks afterwards).
     */
    public AffineTransform originalToFigure(String title, ColorScale colors) {
        int width = figureWidth(new ColorBar(colors, style.caption()));
        AffineTransform transform = AffineTransform.getTranslateInstance(Canvas.MARGIN,
                Canvas.MARGIN + Title.of(title, width - 2 * Canvas.MARGIN).height());
        transform.concatenate(panel.originalToPanel());
        return transform;
    }

    private boolean verticalBar() {
        return panel.height() >= MIN_VERTICAL_BAR;
    }

    private int figureWidth(ColorBar bar) {
        return 2 * Canvas.MARGIN + panel.width()
                + (verticalBar() ? BAR_GAP + bar.breadth(ColorBar.Orientation.VERTICAL) : 0);
    }
}
