/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.report;

import dev.duet.image.PatchRegions;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * A grid of patch maps over the same photo, one per word (or any labelled map), all on one
 * colour scale so that their strengths compare, with a single colour bar underneath.
 */
public final class SmallMultiples {

    /** One cell of the grid: its heading and its map, [rows * cols] row-major. */
    public record Panel(String label, float[] map) {

        public Panel {
            if (label == null || map == null) {
                throw new IllegalArgumentException("panel label and map must not be null");
            }
        }
    }

    private static final int GAP = 14;
    private static final int LABEL_GAP = 5;
    private static final int BAR_GAP = 20;
    private static final int MIN_BAR = 260;
    private static final int MAX_BAR = 440;

    private final OverlayPanel panel;
    private final OverlayStyle style;
    private final int maxColumns;

    public SmallMultiples(BufferedImage original, PatchRegions regions) {
        this(original, regions, OverlayStyle.SMALL, 4);
    }

    /** @param maxColumns panels per row; more panels start new rows */
    public SmallMultiples(BufferedImage original, PatchRegions regions, OverlayStyle style,
                          int maxColumns) {
        if (maxColumns < 1) {
            throw new IllegalArgumentException("need at least one column");
        }
        this.panel = new OverlayPanel(original, regions, style);
        this.style = style;
        this.maxColumns = maxColumns;
    }

    /** All panels on one scale fitted to the largest |score| among them. */
    public Figure render(String title, List<Panel> panels) {
        List<float[]> maps = new ArrayList<>();
        for (Panel p : panels) {
            maps.add(p.map());
        }
        return render(title, panels, ColorScale.fitting(maps.toArray(float[][]::new)));
    }

    private Figure render(String title, List<Panel> panels, ColorScale colors) {
        if (panels.isEmpty()) {
            throw new IllegalArgumentException("no panels to draw");
        }
        int columns = Math.min(maxColumns, panels.size());
        int rows = (panels.size() + columns - 1) / columns;
        FontMetrics headingMetrics = Canvas.metrics(Canvas.HEADING);
        int cellWidth = panel.width();
        FontMetrics smallMetrics = Canvas.metrics(Canvas.SMALL);
        int labelHeight = headingMetrics.getHeight() + smallMetrics.getHeight();
        int cellHeight = labelHeight + LABEL_GAP + panel.height();
        ScaleLabels numbers = ScaleLabels.of(colors);
        int gridWidth = columns * cellWidth + (columns - 1) * GAP;
        int gridHeight = rows * cellHeight + (rows - 1) * GAP;

        ColorBar bar = new ColorBar(colors, style.caption());
        int barLength = Math.clamp(gridWidth - 80, MIN_BAR, MAX_BAR);
        // tick labels stick out about 30 px beyond the ends of the bar
        int contentWidth = Math.max(gridWidth, barLength + 60);
        int width = 2 * Canvas.MARGIN + contentWidth;
        Title heading = Title.of(title, contentWidth);
        int height = 2 * Canvas.MARGIN + heading.height() + gridHeight + BAR_GAP
                + bar.breadth(ColorBar.Orientation.HORIZONTAL);
        BufferedImage image = Canvas.blank(width, height);
        Graphics2D g = Canvas.graphics(image);
        heading.draw(g, Canvas.MARGIN, Canvas.MARGIN);
        int gridX = Canvas.MARGIN + (contentWidth - gridWidth) / 2;
        int gridY = Canvas.MARGIN + heading.height();
        for (int i = 0; i < panels.size(); i++) {
            int cellX = gridX + (i % columns) * (cellWidth + GAP);
            int cellY = gridY + (i / columns) * (cellHeight + GAP);
            Panel p = panels.get(i);
            g.setFont(Canvas.HEADING);
            g.setColor(Canvas.INK);
            Canvas.drawCentered(g, Canvas.fit(p.label(), headingMetrics, cellWidth),
                    cellX + cellWidth / 2.0, cellY + headingMetrics.getAscent());
            g.setFont(Canvas.SMALL);
            g.setColor(Canvas.MUTED);
            Canvas.drawCentered(g, range(p.map(), numbers), cellX + cellWidth / 2.0,
                    cellY + headingMetrics.getHeight() + smallMetrics.getAscent());
            int panelY = cellY + labelHeight + LABEL_GAP;
            g.drawImage(panel.paint(p.map(), colors, List.of()), cellX, panelY, null);
            g.setColor(Canvas.FRAME);
            g.drawRect(cellX - 1, panelY - 1, panel.width() + 1, panel.height() + 1);
        }
        bar.draw(g, Canvas.MARGIN + (contentWidth - barLength) / 2, gridY + gridHeight + BAR_GAP,
                barLength, ColorBar.Orientation.HORIZONTAL);
        g.dispose();
        return new Figure(image);
    }

    /** "min −1.2 · max +4.7" in the shared scale's units: a faint panel still shows its numbers. */
    private static String range(float[] map, ScaleLabels numbers) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (float value : map) {
            min = Math.min(min, value);
            max = Math.max(max, value);
        }
        return "min " + numbers.format(min, true) + " \u00b7 max " + numbers.format(max, true);
    }
}
