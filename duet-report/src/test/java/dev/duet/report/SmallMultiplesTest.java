/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.report;

import static dev.duet.report.ColorMapTest.blue;
import static dev.duet.report.ColorMapTest.red;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class SmallMultiplesTest {

    /** The warmest pixel (largest red minus blue) in a figure. */
    private static int warmest(Figure figure, int fromX, int toX) {
        int best = Integer.MIN_VALUE;
        for (int y = 0; y < figure.height(); y++) {
            for (int x = fromX; x < toX; x++) {
                int rgb = figure.image().getRGB(x, y);
                best = Math.max(best, red(rgb) - blue(rgb));
            }
        }
        return best;
    }

    @Test
    void panelsShareOneScale() {
        float[] strong = Scenes.bump(Scenes.CLIP_320X240, 100, 120, 25, 0.04);
        float[] weak = new float[strong.length];
        for (int i = 0; i < weak.length; i++) {
            weak[i] = strong[i] / 4;
        }
        Figure figure = new SmallMultiples(Scenes.redCircle(), Scenes.CLIP_320X240, OverlayStyle.SMALL, 2)
                .render("", List.of(new SmallMultiples.Panel("strong", strong),
                        new SmallMultiples.Panel("weak", weak)));
        int middle = figure.width() / 2;
        // the bar below spans both halves; look only above it, at the panels
        Figure panelsOnly = new Figure(figure.image().getSubimage(0, 0, figure.width(), 200));
        int left = warmest(panelsOnly, 0, middle);
        int right = warmest(panelsOnly, middle, figure.width());
        assertTrue(left > right + 40, "one scale: the weak map is paler (" + left + " vs " + right
                + ")");
    }

    @Test
    void panelsWrapIntoRows() throws Exception {
        float[] map = new float[196];
        SmallMultiples grid = new SmallMultiples(Scenes.redCircle(), Scenes.CLIP_320X240,
                OverlayStyle.SMALL, 3);
        SmallMultiples.Panel panel = new SmallMultiples.Panel("word", map);
        Figure oneRow = grid.render("t", List.of(panel, panel, panel));
        Figure twoRows = grid.render("t", List.of(panel, panel, panel, panel));
        assertEquals(oneRow.width(), twoRows.width());
        // a 232 x 174 panel, its label and the gap
        assertTrue(twoRows.height() - oneRow.height() > 174 + 14,
                oneRow.height() + " then " + twoRows.height());
        var decoded = ImageIO.read(new ByteArrayInputStream(twoRows.png()));
        assertEquals(twoRows.width(), decoded.getWidth());
        assertEquals(twoRows.height(), decoded.getHeight());
        assertThrows(IllegalArgumentException.class, () -> grid.render("", List.of()));
    }
}
