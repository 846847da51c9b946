/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.report;

import static dev.duet.report.ColorMapTest.blue;
import static dev.duet.report.ColorMapTest.red;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duet.image.CropGeometry;
import dev.duet.image.PatchRegions;
import dev.duet.image.PatchRegions.Rect;
import dev.duet.report.SmallMultiples.Panel;
import dev.duet.report.TokenHighlight.SpecialScore;
import dev.duet.report.TokenHighlight.TokenScore;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.geom.Point2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * One of each picture, checked where its content is known (the colour under a bump of the map,
 * at the ends of the colour bar, behind a token), and written for people to look at into
 * target/report-samples, or the folder named by -Dduet.report.samples.
 */
class SamplePicturesTest {

    private final Path folder =
            Path.of(System.getProperty("duet.report.samples", "target/report-samples"));

    /** Red minus blue of the figure's pixel over point (x, y) of the original photo. */
    private static int warmth(Figure figure, AffineTransform toFigure, double x, double y) {
        Point2D p = toFigure.transform(new Point2D.Double(x, y), null);
        int rgb = figure.image().getRGB((int) Math.floor(p.getX()), (int) Math.floor(p.getY()));
        return red(rgb) - blue(rgb);
    }

    @Test
    void overlaysAndSmallMultiples() {
        BufferedImage photo = Scenes.redCircle();
        PatchRegions regions = Scenes.CLIP_320X240;
        float[] circle = Scenes.plus(Scenes.bump(regions, 100, 120, 28, 0.042),
                Scenes.bump(regions, 235, 125, 22, -0.018));
        Box selected = new Box(new Rect(40, 60, 160, 180), "selected");
        HeatmapOverlay overlay = new HeatmapOverlay(photo, regions);
        ColorScale scale = ColorScale.fitting(circle);
        Figure figure = overlay.render("\u201ca red circle\u201d", circle, scale, List.of(selected));
        Figure flat = overlay.render("\u201ca red circle\u201d", new float[regions.patchCount()], scale, List.of(selected));
        figure.writePng(folder.resolve("overlay.png"));
        AffineTransform toFigure = overlay.originalToFigure("\u201ca red circle\u201d", scale);
        assertTrue(warmth(figure, toFigure, 100, 120) > warmth(flat, toFigure, 100, 120) + 40,
                "the positive bump warms the circle");
        assertTrue(warmth(figure, toFigure, 235, 125) < warmth(flat, toFigure, 235, 125) - 20,
                "the negative bump cools the right-hand side");

        float[] square = Scenes.plus(Scenes.bump(regions, 235, 125, 25, 0.03),
                Scenes.bump(regions, 100, 120, 30, -0.012));
        float[] article = Scenes.bump(regions, 160, 60, 60, 0.004);
        float[] and = Scenes.bump(regions, 160, 200, 40, -0.006);
        SmallMultiples grid = new SmallMultiples(photo, regions);
        Figure four = grid.render("a red circle and a blue square",
                List.of(new Panel("red circle", circle), new Panel("blue square", square),
                        new Panel("a", article), new Panel("and", and)));
        four.writePng(folder.resolve("small-multiples.png"));
        Figure three = grid.render("a red circle and a blue square",
                List.of(new Panel("red circle", circle), new Panel("blue square", square), new Panel("a", article)));
        assertEquals(three.height(), four.height(), "up to four panels share one row");
        assertTrue(four.width() > three.width(), "the fourth panel widens the row");
    }

    @Test
    void tallPhotoWithLongTitle() {
        BufferedImage photo = Scenes.redCircle();
        BufferedImage tall = new BufferedImage(240, 480, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = tall.createGraphics();
        g.drawImage(photo, 0, 0, 240, 180, null);
        g.drawImage(photo, 0, 180, 240, 300, null);
        g.dispose();
        PatchRegions regions = new PatchRegions(
                new CropGeometry(240, 480, 224, 448, 0, 112, 224, 224), 14, 14, 16);
        HeatmapOverlay overlay = new HeatmapOverlay(tall, regions);
        String title = "a long caption that will not fit on one line "
                + "of the title, so it wraps onto a second line and is cut after that";
        float[] map = Scenes.bump(regions, 120, 240, 40, 3e-5);
        Figure figure = overlay.render(title, map);
        figure.writePng(folder.resolve("overlay-tall.png"));
        assertTrue(figure.height() > overlay.render("short", map).height(), "the long title takes a second line");
        assertEquals(figure.height(), overlay.render(title + " " + title, map).height(), "cut after the second line");
    }

    /** The tiny fixture model's coarse 4x4 grid on a fixture photo: one patch hot, one cold. */
    @Test
    void coarseGridOnAFixturePhoto() throws Exception {
        Path photo = Path.of(System.getProperty("duet.shared"), "fixtures", "images",
                "img0_red_circle_blue_square.png");
        PatchRegions coarse = new PatchRegions(
                new CropGeometry(320, 240, 85, 64, 10, 0, 64, 64), 4, 4, 16);
        float[] map = new float[16];
        map[5] = 0.8f;
        map[6] = 0.1f;
        map[7] = -0.5f;
        HeatmapOverlay overlay = new HeatmapOverlay(ImageIO.read(photo.toFile()), coarse);
        String title = "4\u00d74 grid: patch (1, 1) positive, (1, 3) negative";
        ColorScale scale = ColorScale.fitting(map);
        Figure figure = overlay.render(title, map, scale, List.of(new Box(coarse.patchRect(5), "patch 5")));
        Figure flat = overlay.render(title, new float[16], scale, List.of(new Box(coarse.patchRect(5), "patch 5")));
        figure.writePng(folder.resolve("overlay-coarse.png"));
        AffineTransform toFigure = overlay.originalToFigure(title, scale);
        for (int[] patch : new int[][] {{5, 1}, {7, -1}, {12, 0}, {15, 0}}) {
            Rect r = coarse.patchRect(patch[0]);
            double x = r.left() + 0.6 * r.width();
            double y = r.top() + 0.6 * r.height();
            int change = warmth(figure, toFigure, x, y) - warmth(flat, toFigure, x, y);
            if (patch[1] > 0) {
                assertTrue(change > 40, "patch " + patch[0] + " warmed by " + change);
            } else if (patch[1] < 0) {
                assertTrue(change < -40, "patch " + patch[0] + " cooled by " + change);
            } else {
                assertTrue(Math.abs(change) <= 3, "patch " + patch[0] + ", zero and far from the others, changed by " + change);
            }
        }
    }

    @Test
    void tokensAndColourBar() {
        String caption = "a red circle and a blue square, photographed sideways";
        List<TokenScore> tokens = List.of(
                new TokenScore(0, 1, 0.0021), new TokenScore(2, 5, 0.031),
                new TokenScore(6, 12, 0.044), new TokenScore(13, 16, -0.004),
                new TokenScore(17, 18, 0.0008), new TokenScore(19, 23, -0.021),
                new TokenScore(24, 30, -0.035), new TokenScore(30, 31, 0.0),
                new TokenScore(32, 38, 0.006), new TokenScore(38, 44, 0.011),
                new TokenScore(45, 49, -0.009), new TokenScore(49, 53, -0.002));
        List<SpecialScore> specials = List.of(new SpecialScore("BOS", 0.0012), new SpecialScore("EOS", 0.087),
                new SpecialScore("CLS", -0.013));
        String title = "tokens for the selected region";
        TokenHighlight highlight = new TokenHighlight();
        Figure words = highlight.render(title, caption, tokens, specials);
        words.writePng(folder.resolve("tokens.png"));
        // "circle" (+0.044, the largest) takes the warm end of the scale, "square" (-0.035) is cool
        assertEquals(DivergingColorMap.BLUE_RED.rgb(1), background(words, highlight, title, caption, tokens, 2));
        int square = background(words, highlight, title, caption, tokens, 6);
        assertTrue(blue(square) > red(square) + 60, Integer.toHexString(square));

        ColorScale scale = ColorScale.symmetric(4.7e-4);
        Figure bar = new ColorBar(scale, "contribution to similarity").render(ColorBar.Orientation.HORIZONTAL, 420);
        bar.writePng(folder.resolve("bar.png"));
        // the strip starts 40 px in (room for half a tick label) and a margin down, 14 px thick; column i
        // of its 420 takes the map's colour at -1 + 2 (i + 0.5) / 420, cool on the left and warm on the right
        int y = Canvas.MARGIN + 7;
        for (int i : new int[] {3, 105, 210, 315, 416}) {
            assertEquals(scale.map().rgb(-1 + 2 * (i + 0.5) / 420) & 0xffffff, bar.image().getRGB(40 + i, y) & 0xffffff,
                    "column " + i);
        }
        int lowest = bar.image().getRGB(40 + 3, y);
        int highest = bar.image().getRGB(40 + 416, y);
        assertTrue(blue(lowest) > red(lowest) && red(highest) > blue(highest), "lowers on the left, raises on the right");
    }

    /** The background just inside the left padding of token {@code index}'s patch, clear of its glyphs. */
    private static int background(Figure figure, TokenHighlight highlight, String title, String text,
                                  List<TokenScore> tokens, int index) {
        java.awt.geom.Rectangle2D bounds = highlight.tokenBounds(title, text, tokens, index);
        return figure.image().getRGB((int) Math.floor(bounds.getX() + 1.5), (int) Math.floor(bounds.getCenterY())) & 0xffffff;
    }
}
