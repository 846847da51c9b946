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

import dev.duet.report.TokenHighlight.SpecialScore;
import dev.duet.report.TokenHighlight.TokenScore;
import java.awt.geom.Rectangle2D;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class TokenHighlightTest {

    private static final String TEXT = "a red circle and a blue square";
    private static final List<TokenScore> TOKENS = List.of(
            new TokenScore(0, 1, 0.001), new TokenScore(2, 5, 0.05), new TokenScore(6, 12, 0.02),
            new TokenScore(13, 16, 0), new TokenScore(17, 18, 0.001),
            new TokenScore(19, 23, -0.05), new TokenScore(24, 30, -0.01));
    private static final List<SpecialScore> SPECIALS = List.of(
            new SpecialScore("BOS", 0.003), new SpecialScore("EOS", 0.2),
            new SpecialScore("CLS", -0.01));

    /** The background just inside the left padding of a token's patch, clear of its glyphs. */
    private static int background(Figure figure, Rectangle2D bounds) {
        return figure.image().getRGB((int) Math.floor(bounds.getX() + 1.5),
                (int) Math.floor(bounds.getCenterY())) & 0xffffff;
    }

    @Test
    void tokenPatchesTakeTheirScoresColours() {
        TokenHighlight highlight = new TokenHighlight();
        Figure figure = highlight.render("title", TEXT, TOKENS, SPECIALS);
        int red = background(figure, highlight.tokenBounds("title", TEXT, TOKENS, 1));
        int blue = background(figure, highlight.tokenBounds("title", TEXT, TOKENS, 5));
        int zero = background(figure, highlight.tokenBounds("title", TEXT, TOKENS, 3));
        assertTrue(red(red) > blue(red) + 80, "+0.05 is warm: " + Integer.toHexString(red));
        assertTrue(blue(blue) > red(blue) + 80, "-0.05 is cool: " + Integer.toHexString(blue));
        assertEquals(DivergingColorMap.BLUE_RED.neutralRgb(), zero, "0 is neutral");
        // the scale is fitted to the tokens, not to EOS's 0.2: +0.05 takes the end colour
        assertEquals(DivergingColorMap.BLUE_RED.rgb(1), red);
    }

    @Test
    void longCaptionsWrap() throws Exception {
        StringBuilder text = new StringBuilder();
        List<TokenScore> tokens = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            int start = text.length();
            text.append("word").append(i).append(' ');
            tokens.add(new TokenScore(start, start + 4 + Integer.toString(i).length(), i - 15));
        }
        TokenHighlight highlight = new TokenHighlight();
        String caption = text.toString().strip();
        Figure figure = highlight.render("", caption, tokens, List.of());
        Rectangle2D first = highlight.tokenBounds("", caption, tokens, 0);
        Rectangle2D last = highlight.tokenBounds("", caption, tokens, 29);
        assertTrue(last.getY() > first.getY() + 2 * first.getHeight(), "several lines");
        assertTrue(last.getMaxX() <= figure.width() - 16, "inside the right margin");
        assertEquals(640, ImageIO.read(new ByteArrayInputStream(figure.png())).getWidth());
    }

    @Test
    void rejectsBadSpans() {
        TokenHighlight highlight = new TokenHighlight();
        assertThrows(IllegalArgumentException.class, () -> highlight.render("", "abc",
                List.of(new TokenScore(0, 2, 1), new TokenScore(1, 3, 1)), List.of()));
        assertThrows(IllegalArgumentException.class, () -> highlight.render("", "abc",
                List.of(new TokenScore(0, 4, 1)), List.of()));
        assertThrows(IllegalArgumentException.class, () -> new TokenScore(2, 2, 0));
        assertThrows(IllegalArgumentException.class, () -> new TokenScore(0, 1, Double.NaN));
    }
}
