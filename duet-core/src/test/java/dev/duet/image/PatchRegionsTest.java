/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duet.image.PatchRegions.Rect;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class PatchRegionsTest {

    private static final double EPS = 1e-12;

    /** 400x200 halved to 200x100, the 100x100 centre kept at x = 50: a 2x2 grid of 50 px. */
    private static PatchRegions halved() {
        return new PatchRegions(new CropGeometry(400, 200, 200, 100, 50, 0, 100, 100), 2, 2, 50);
    }

    @Test
    void boxOnOnePatchCoversItWhole() {
        // original x [100, 200) -> crop [0, 50); y [0, 100) -> crop [0, 50)
        assertArrayEquals(new double[] {1, 0, 0, 0},
                halved().coverage(new Rect(100, 0, 200, 100)), EPS);
    }

    @Test
    void inclusivePixelBoxEqualsExclusiveEdges() {
        assertArrayEquals(halved().coverage(new Rect(100, 0, 200, 100)),
                halved().coverage(Rect.ofInclusivePixels(100, 0, 199, 99)), EPS);
    }

    @Test
    void centredBoxCoversAQuarterOfEachPatch() {
        // original [150, 250) x [50, 150) -> crop [25, 75) x [25, 75): 25x25 of each 50x50 patch
        assertArrayEquals(new double[] {0.25, 0.25, 0.25, 0.25},
                halved().coverage(new Rect(150, 50, 250, 150)), EPS);
    }

    @Test
    void partOfBoxOutsideTheCropIsIgnored() {
        // original [0, 150) x [0, 100) -> crop [-50, 25) x [0, 50): 25x50 of patch 0
        assertArrayEquals(new double[] {0.5, 0, 0, 0},
                halved().coverage(new Rect(0, 0, 150, 100)), EPS);
        // wholly in the cropped-away margin
        assertArrayEquals(new double[4], halved().coverage(new Rect(0, 0, 90, 200)), EPS);
    }

    @Test
    void clipSizedCropWithUnequalScales() {
        // 320x240 -> 298x224 (short side 224), centre crop 224 at x = 37; 14x14 patches of 16.
        // Scales 298/320 = 0.93125 and 224/240 = 0.9333...
        PatchRegions regions = new PatchRegions(
                new CropGeometry(320, 240, 298, 224, 37, 0, 224, 224), 14, 14, 16);
        // x [40, 48) -> crop [0.25, 7.7); y [0, 60/7) -> crop [0, 8): 7.45 * 8 / 256
        double[] weights = regions.coverage(new Rect(40, 0, 48, 60.0 / 7));
        assertEquals(0.2328125, weights[0], 1e-12);
        for (int i = 1; i < weights.length; i++) {
            assertEquals(0, weights[i], 0, "patch " + i);
        }
        // the whole image covers every patch
        double[] all = regions.coverage(Rect.ofInclusivePixels(0, 0, 319, 239));
        for (double w : all) {
            assertEquals(1, w, 1e-12);
        }
        // patch (0, 0): crop [0, 16)^2 -> original x [37 / 0.93125, 53 / 0.93125), y [0, 16 / 0.9333)
        Rect first = regions.patchRect(0);
        assertEquals(37 / 0.93125, first.left(), 1e-9);
        assertEquals(53 / 0.93125, first.right(), 1e-9);
        assertEquals(0, first.top(), 1e-12);
        assertEquals(120.0 / 7, first.bottom(), 1e-9);
    }

    @Test
    void patchRectanglesMapBack() {
        PatchRegions regions = halved();
        Rect last = regions.patchRect(3);
        // patch (1, 1), crop [50, 100)^2 -> original x (50 + 50) * 2 = 200 to 300, y 100 to 200
        assertEquals(new Rect(200, 100, 300, 200), last);
        assertEquals(new Rect(100, 0, 300, 200), regions.cropRect());
        assertEquals(regions.cropRect(), regions.gridRect());
        // a patch's own rectangle covers exactly that patch
        for (int i = 0; i < regions.patchCount(); i++) {
            double[] w = regions.coverage(regions.patchRect(i));
            for (int j = 0; j < w.length; j++) {
                assertEquals(i == j ? 1 : 0, w[j], 1e-12);
            }
        }
    }

    @Test
    void pointsFindTheirPatch() {
        PatchRegions regions = halved();
        assertEquals(0, regions.patchAt(100, 0));
        assertEquals(1, regions.patchAt(200, 99.9));
        assertEquals(3, regions.patchAt(250, 150));
        assertEquals(-1, regions.patchAt(99.9, 10));
        assertEquals(-1, regions.patchAt(300, 10));
    }

    @Test
    void gridSmallerThanCropLeavesRemainder() {
        // ViT-style stride: 2 patches of 40 in a 100 px crop; the 20 px remainder is unseen
        PatchRegions regions = new PatchRegions(
                new CropGeometry(100, 100, 100, 100, 0, 0, 100, 100), 2, 2, 40);
        assertEquals(new Rect(0, 0, 80, 80), regions.gridRect());
        assertEquals(-1, regions.patchAt(90, 10));
        assertArrayEquals(new double[4], regions.coverage(new Rect(80, 0, 100, 100)), EPS);
    }

    @Test
    void rejectsImpossibleGridsAndBoxes() {
        CropGeometry geometry = new CropGeometry(64, 64, 64, 64, 0, 0, 64, 64);
        assertThrows(IllegalArgumentException.class, () -> new PatchRegions(geometry, 5, 4, 16));
        assertThrows(IllegalArgumentException.class, () -> new PatchRegions(geometry, 0, 4, 16));
        assertThrows(IllegalArgumentException.class, () -> new Rect(10, 0, 5, 1));
        assertThrows(IllegalArgumentException.class, () -> Rect.ofInclusivePixels(3, 3, 2, 5));
        assertThrows(IllegalArgumentException.class, () -> new Rect(0, 0, Double.NaN, 1));
        assertThrows(IndexOutOfBoundsException.class,
                () -> new PatchRegions(geometry, 4, 4, 16).patchRect(16));
    }

    /**
     * The reference preprocessing (PIL bicubic resize, torchvision centre crop) of the fixture
     * image with a blue square at inclusive box (180, 70)-(290, 180): the blue share of each
     * 16x16 patch of its 64x64 crop must match the coverage of that box, up to the one-pixel
     * blur of the resampling at the square's edges (measured 0.002; a crop offset one pixel
     * off gives 0.06).
     */
    @Test
    void coverageMatchesTheReferenceCrop() throws IOException {
        Path cropFile = Path.of(System.getProperty("duet.shared"), "fixtures", "tiny", "crops",
                "img0_red_circle_blue_square.png");
        assertTrue(Files.isRegularFile(cropFile), "missing fixture " + cropFile);
        BufferedImage cropImage = ImageIO.read(cropFile.toFile());
        // resized_size [85, 64] in embeddings.json; left = round((85 - 64) / 2) = 10 (half to even)
        PatchRegions regions = new PatchRegions(
                new CropGeometry(320, 240, 85, 64, 10, 0, 64, 64), 4, 4, 16);
        double[] expected = regions.coverage(Rect.ofInclusivePixels(180, 70, 290, 180));
        double[] blueShare = new double[16];
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                int rgb = cropImage.getRGB(x, y);
                int red = (rgb >> 16) & 0xff;
                int blue = rgb & 0xff;
                // background (230,230,230) -> 0, square (30,60,210) -> 1, red circle -> < 0
                double share = Math.clamp((blue - red) / 180.0, 0, 1);
                blueShare[(y / 16) * 4 + x / 16] += share / 256;
            }
        }
        for (int i = 0; i < 16; i++) {
            assertEquals(expected[i], blueShare[i], 0.015, "patch " + i);
        }
        assertTrue(expected[7] > 0.5, "the square fills most of patch (1, 3)");
    }
}
