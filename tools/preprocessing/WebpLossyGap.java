/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
import dev.duet.image.ImageDecoder;
import dev.duet.image.RgbImage;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How far Duet's lossy WebP decoding is from libwebp's: per file NAME.webp in the folder, the
 * samples of Duet's RGB that differ from NAME.rgb (Pillow's), their mean absolute difference and
 * the largest. Run by webp-lossy-gap.sh.
 */
public class WebpLossyGap {
    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args[0]);
        for (String name : new String[] {"grey", "noisy90", "house"}) {
            RgbImage image = new ImageDecoder().decode(folder.resolve(name + ".webp"));
            byte[] pillow = Files.readAllBytes(folder.resolve(name + ".rgb"));
            int differ = 0;
            int largest = 0;
            long total = 0;
            for (int i = 0; i < pillow.length; i++) {
                int d = Math.abs((pillow[i] & 0xFF) - (image.pixels()[i] & 0xFF));
                differ += d > 0 ? 1 : 0;
                largest = Math.max(largest, d);
                total += d;
            }
            System.out.printf(java.util.Locale.ROOT, "%-8s %dx%d: %d of %d samples differ (%.1f %%), mean abs %.3f, max %d%n",
                    name, image.width(), image.height(), differ, pillow.length, 100.0 * differ / pillow.length,
                    total / (double) pillow.length, largest);
        }
    }
}
