/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.report;

import static dev.duet.report.ColorMapTest.blue;
import static dev.duet.report.ColorMapTest.green;
import static dev.duet.report.ColorMapTest.red;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duet.image.PatchRegions;
import dev.duet.image.PatchRegions.Rect;
import java.awt.geom.AffineTransform;
import java.awt.geom.Point2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class HeatmapOverlayTest {

    private static final PatchRegions REGIONS = Scenes.CLIP_320X240;
    private static final BufferedImage PHOTO = Scenes.redCircle();
    /** Patch (2, 10): over plain background, far from the shapes. */
    private static final int HOT = 2 * 14 + 10;
    private static final ColorScale SCALE = ColorScale.symmetric(1);

    private static float[] onePatch(int index, float value) {
        float[] map = new float[REGIONS.patchCount()];
        map[index] = value;
        return map;
    }

    private static int pixelAt(Figure figure, AffineTransform toFigure, double x, double y) {
        Point2D p = toFigure.transform(new Point2D.Double(x, y), null);
        return figure.image().getRGB((int) Math.floor(p.getX()), (int) Math.floor(p.getY()))
                & 0xffffff;
    }

    /** Points spread over a rectangle, inset from its edges by a fifth of its size. */
    private static double[][] pointsInside(Rect r) {
        double[][] points = new double[9][];
        for (int i = 0; i < 9; i++) {
            points[i] = new double[] {
                r.left() + r.width() * (0.2 + 0.3 * (i % 3)),
                r.top() + r.height() * (0.2 + 0.3 * (i / 3))};
        }
        return points;
    }

    @Test
    void onePositivePatchWarmsExactlyItsRegion() {
        HeatmapOverlay overlay = new HeatmapOverlay(PHOTO, REGIONS);
        Figure hot = overlay.render("", onePatch(HOT, 1), SCALE, List.of());
        Figure cold = overlay.render("", new float[REGIONS.patchCount()], SCALE, List.of());
        AffineTransform toFigure = overlay.originalToFigure("", SCALE);
        Rect patch = REGIONS.patchRect(HOT);

        for (double[] p : pointsInside(patch)) {
            int warmed = pixelAt(hot, toFigure, p[0], p[1]);
            int before = pixelAt(cold, toFigure, p[0], p[1]);
            assertTrue(red(warmed) - blue(warmed) > red(before) - blue(before) + 25,
                    "warmer at " + Arrays.toString(p) + ": " + Integer.toHexString(warmed)
                            + " vs " + Integer.toHexString(before));
        }
        double centreX = (patch.left() + patch.right()) / 2;
        double centreY = (patch.top() + patch.bottom()) / 2;
        int centre = pixelAt(hot, toFigure, centreX, centreY);
        assertTrue(red(centre) > 140 && red(centre) > blue(centre) + 60,
                "strongly warm at the centre: " + Integer.toHexString(centre));

        // one patch further than the neighbours' centres nothing changes
        double patchWidth = patch.width();
        double patchHeight = patch.height();
        for (double[] offset : new double[][] {{1.6, 0}, {-1.6, 0}, {0, 1.6}, {0, -1.6},
                {1.6, 1.6}, {-2.5, 3}}) {
            double x = centreX + offset[0] * patchWidth;
            double y = centreY + offset[1] * patchHeight;
            assertEquals(pixelAt(cold, toFigure, x, y), pixelAt(hot, toFigure, x, y),
                    "unchanged at " + x + "," + y);
        }
    }

    @Test
    void zeroScoresLeaveTheBackgroundNearlyAsItWas() {
        HeatmapOverlay overlay = new HeatmapOverlay(PHOTO, REGIONS);
        Figure figure = overlay.render("", onePatch(HOT, 1), SCALE, List.of());
        AffineTransform toFigure = overlay.originalToFigure("", SCALE);
        // (100, 225): background near the bottom, far from patch (2, 10) and inside the crop
        int far = pixelAt(figure, toFigure, 100, 225);
        int original = Scenes.BACKGROUND.getRGB() & 0xffffff;
        for (int shift : new int[] {0, 8, 16}) {
            int drawn = (far >> shift) & 0xff;
            int was = (original >> shift) & 0xff;
            assertTrue(Math.abs(drawn - was) <= 8, Integer.toHexString(far) + " vs "
                    + Integer.toHexString(original));
        }
    }

    @Test
    void onAPhotoAsLightAsTheNeutralTheColoursMatchTheColourBar() {
        int neutral = DivergingColorMap.BLUE_RED.neutralRgb();
        BufferedImage plain = new BufferedImage(320, 240, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 240; y++) {
            for (int x = 0; x < 320; x++) {
                plain.setRGB(x, y, neutral);
            }
        }
        OverlayStyle full = new OverlayStyle(512, 1, 0.5, 1, "score");
        HeatmapOverlay overlay = new HeatmapOverlay(plain, REGIONS, full);
        for (double score : new double[] {-1, -0.5, -0.2, 0.2, 0.5, 1}) {
            float[] flat = new float[REGIONS.patchCount()];
            Arrays.fill(flat, (float) score);
            Figure figure = overlay.render("", flat, SCALE, List.of());
            int drawn = pixelAt(figure, overlay.originalToFigure("", SCALE), 160, 120);
            int expected = SCALE.rgb(score);
            for (int shift : new int[] {0, 8, 16}) {
                assertEquals((expected >> shift) & 0xff, (drawn >> shift) & 0xff, 4,
                        score + ": " + Integer.toHexString(drawn) + " vs "
                                + Integer.toHexString(expected));
            }
        }
    }

    @Test
    void negativePatchIsCool() {
        HeatmapOverlay overlay = new HeatmapOverlay(PHOTO, REGIONS);
        Figure figure = overlay.render("", onePatch(HOT, -1), SCALE, List.of());
        Rect patch = REGIONS.patchRect(HOT);
        int centre = pixelAt(figure, overlay.originalToFigure("", SCALE),
                (patch.left() + patch.right()) / 2, (patch.top() + patch.bottom()) / 2);
        assertTrue(blue(centre) > red(centre) + 60, Integer.toHexString(centre));
    }

    @Test
    void marginsTheCropCutAwayAreDimmed() {
        HeatmapOverlay overlay = new HeatmapOverlay(PHOTO, REGIONS);
        Figure figure = overlay.render("\u201ca red circle\u201d", onePatch(HOT, 1), SCALE,
                List.of());
        AffineTransform toFigure = overlay.originalToFigure("\u201ca red circle\u201d", SCALE);
        // the crop spans original x from 37 / 0.93125 = 39.7 to 261 / 0.93125 = 280.3
        for (double x : new double[] {5, 35, 285, 315}) {
            int dimmed = pixelAt(figure, toFigure, x, 20);
            assertTrue(red(dimmed) < 150 && green(dimmed) < 150 && blue(dimmed) < 150,
                    "margin at x = " + x + ": " + Integer.toHexString(dimmed));
            assertEquals(red(dimmed), green(dimmed), 2, "grey background stays grey");
        }
        int inside = pixelAt(figure, toFigure, 45, 20);
        assertTrue(red(inside) > 200, "just inside the crop: " + Integer.toHexString(inside));
    }

    @Test
    void boxOutlineIsDrawnAtTheBoxEdges() {
        HeatmapOverlay overlay = new HeatmapOverlay(PHOTO, REGIONS);
        Rect selected = new Rect(200, 20, 260, 60);
        Figure figure = overlay.render("", new float[REGIONS.patchCount()], SCALE,
                List.of(Box.around(selected)));
        AffineTransform toFigure = overlay.originalToFigure("", SCALE);
        int edge = pixelAt(figure, toFigure, 230, 20);
        int inside = pixelAt(figure, toFigure, 230, 40);
        assertTrue(red(edge) < 90, "dark outline: " + Integer.toHexString(edge));
        assertTrue(red(inside) > 200, "the inside is not filled: " + Integer.toHexString(inside));
    }

    @Test
    void pngHasTheExpectedSize() throws Exception {
        HeatmapOverlay overlay = new HeatmapOverlay(PHOTO, REGIONS);
        Figure figure = overlay.render("", onePatch(HOT, 1));
        byte[] png = figure.png();
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'},
                Arrays.copyOf(png, 8));
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(figure.width(), decoded.getWidth());
        assertEquals(figure.height(), decoded.getHeight());
        // a 320x240 photo is drawn 512x384, between 16 px margins; the colour bar adds width
        assertEquals(384 + 2 * 16, decoded.getHeight());
        assertTrue(decoded.getWidth() > 512 + 32 + 40 && decoded.getWidth() < 512 + 32 + 160,
                "width " + decoded.getWidth());
        assertEquals(new Point2D.Double(16, 16),
                overlay.originalToFigure("", ColorScale.symmetric(1)).transform(
                        new Point2D.Double(0, 0), null));
    }

    @Test
    void largeAndTallPhotosGetSensibleSizes() {
        BufferedImage large = new BufferedImage(4000, 3000, BufferedImage.TYPE_INT_RGB);
        PatchRegions largeRegions = new PatchRegions(new dev.duet.image.CropGeometry(
                4000, 3000, 299, 224, 37, 0, 224, 224), 14, 14, 16);
        Figure figure = new HeatmapOverlay(large, largeRegions).render("big", new float[196]);
        assertTrue(figure.width() < 720, "width " + figure.width());

        BufferedImage tall = new BufferedImage(240, 960, BufferedImage.TYPE_INT_RGB);
        PatchRegions tallRegions = new PatchRegions(new dev.duet.image.CropGeometry(
                240, 960, 224, 896, 0, 336, 224, 224), 14, 14, 16);
        Figure tallFigure = new HeatmapOverlay(tall, tallRegions).render("tall", new float[196]);
        assertTrue(tallFigure.height() < 760, "height " + tallFigure.height());
    }

    @Test
    void rejectsMismatchedInputs() {
        HeatmapOverlay overlay = new HeatmapOverlay(PHOTO, REGIONS);
        assertThrows(IllegalArgumentException.class, () -> overlay.render("", new float[195]));
        assertThrows(IllegalArgumentException.class, () -> new HeatmapOverlay(
                new BufferedImage(300, 240, BufferedImage.TYPE_INT_RGB), REGIONS));
    }
}
