/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.report;

import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.util.ArrayList;
import java.util.List;

/** A figure's heading, wrapped between words onto at most two lines, cut with an ellipsis beyond. */
record Title(List<String> lines) {

    private static final int MAX_LINES = 2;
    private static final int GAP_BELOW = 10;

    static Title of(String text, int width) {
        FontMetrics metrics = Canvas.metrics(Canvas.TITLE);
        List<String> lines = new ArrayList<>();
        String[] words = text.strip().split("\\s+");
        StringBuilder line = new StringBuilder();
        int next = 0;
        while (next < words.length && !words[next].isEmpty() && lines.size() < MAX_LINES) {
            String candidate = line.isEmpty() ? words[next] : line + " " + words[next];
            if (line.isEmpty() || Canvas.width(metrics, candidate) <= width) {
                line.setLength(0);
                line.append(candidate);
                next++;
            } else {
                lines.add(line.toString());
                line.setLength(0);
            }
        }
        if (!line.isEmpty() && lines.size() < MAX_LINES) {
            lines.add(line.toString());
        }
        if (next < words.length && !lines.isEmpty()) {
            int last = lines.size() - 1;
            lines.set(last, Canvas.fit(lines.get(last) + " " + String.join(" ",
                    List.of(words).subList(next, words.length)), metrics, width));
        } else if (!lines.isEmpty()) {
            int last = lines.size() - 1;
            lines.set(last, Canvas.fit(lines.get(last), metrics, width));
        }
        return new Title(List.copyOf(lines));
    }

    /** Room taken above the content, including the gap below the text; 0 for no title. */
    int height() {
        return lines.isEmpty() ? 0
                : lines.size() * Canvas.metrics(Canvas.TITLE).getHeight() + GAP_BELOW;
    }

    void draw(Graphics2D g, int x, int top) {
        FontMetrics metrics = g.getFontMetrics(Canvas.TITLE);
        g.setFont(Canvas.TITLE);
        g.setColor(Canvas.INK);
        for (int i = 0; i < lines.size(); i++) {
            g.drawString(lines.get(i), x, top + i * metrics.getHeight() + metrics.getAscent());
        }
    }
}
