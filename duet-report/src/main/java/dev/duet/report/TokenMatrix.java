/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.report;

import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * The picture of a text-text explanation: one cell per pair of tokens, the first text's tokens
 * down the left, the second's along the top (turned upright), each cell coloured by its score on
 * a diverging scale fitted to the matrix, a horizontal colour bar and a title below.
 * Scores [rows][columns] row-major.
 */
public final class TokenMatrix {

    private static final int CELL = 28;
    private static final int MAX_LABEL = 160;
    private static final int GAP = 8;

    private final List<String> rowLabels;
    private final List<String> columnLabels;
    private final float[] scores;
    private final String title;

    public TokenMatrix(List<String> rowLabels, List<String> columnLabels, float[] scores, String title) {
        if (rowLabels.isEmpty() || columnLabels.isEmpty() || scores.length != rowLabels.size() * columnLabels.size()) {
            throw new IllegalArgumentException(scores.length + " scores for " + rowLabels.size() + " x "
                    + columnLabels.size() + " tokens");
        }
        this.rowLabels = List.copyOf(rowLabels);
        this.columnLabels = List.copyOf(columnLabels);
        this.scores = scores.clone();
        this.title = title;
    }

    public Figure render() {
        FontMetrics label = Canvas.metrics(Canvas.LABEL);
        int rowLabelWidth = 0;
        for (String text : rowLabels) {
            rowLabelWidth = Math.max(rowLabelWidth, Canvas.width(label, Canvas.fit(text, label, MAX_LABEL)));
        }
        int columnLabelHeight = 0;
        for (String text : columnLabels) {
            columnLabelHeight = Math.max(columnLabelHeight, Canvas.width(label, Canvas.fit(text, label, MAX_LABEL)));
        }
        int rows = rowLabels.size();
        int columns = columnLabels.size();
        ColorScale scale = ColorScale.fitting(scores);
        ColorBar bar = new ColorBar(scale, "contribution to the cosine");
        int barLength = Math.max(240, columns * CELL);
        int left = Canvas.MARGIN + rowLabelWidth + GAP;
        int top = Canvas.MARGIN + columnLabelHeight + GAP;
        int width = Math.max(left + columns * CELL, Canvas.MARGIN + 40 + barLength + 40) + Canvas.MARGIN;
        Title heading = Title.of(title, width - 2 * Canvas.MARGIN);
        int barTop = top + rows * CELL + 2 * GAP;
        int titleTop = barTop + bar.breadth(ColorBar.Orientation.HORIZONTAL) + 2 * GAP;
        int height = titleTop + heading.height() + Canvas.MARGIN;
        BufferedImage image = Canvas.blank(width, height);
        Graphics2D g = Canvas.graphics(image);
        g.setFont(Canvas.LABEL);
        g.setColor(Canvas.INK);
        for (int r = 0; r < rows; r++) {
            String text = Canvas.fit(rowLabels.get(r), label, MAX_LABEL);
            g.drawString(text, left - GAP - Canvas.width(label, text), top + r * CELL + (CELL + label.getAscent()) / 2 - 2);
        }
        AffineTransform upright = g.getTransform();
        for (int c = 0; c < columns; c++) {
            String text = Canvas.fit(columnLabels.get(c), label, MAX_LABEL);
            g.setTransform(upright);
            g.translate(left + c * CELL + (CELL + label.getAscent()) / 2.0 - 2, top - GAP);
            g.rotate(-Math.PI / 2);
            g.drawString(text, 0, 0);
        }
        g.setTransform(upright);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                g.setColor(scale.color(scores[r * columns + c]));
                g.fillRect(left + c * CELL, top + r * CELL, CELL, CELL);
            }
        }
        g.setColor(Canvas.FRAME);
        g.draw(new Rectangle2D.Double(left - 0.5, top - 0.5, columns * CELL, rows * CELL));
        bar.draw(g, Canvas.MARGIN + 40, barTop, barLength, ColorBar.Orientation.HORIZONTAL);
        heading.draw(g, Canvas.MARGIN, titleTop);
        g.dispose();
        return new Figure(image);
    }
}
