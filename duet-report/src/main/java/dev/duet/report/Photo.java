/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.report;

import dev.duet.image.ImageDecoder;
import dev.duet.image.RgbImage;
import java.awt.image.BufferedImage;
import java.nio.file.Path;

/** The original photo as pictures draw it, decoded exactly as the model's preprocessing decodes it. */
public final class Photo {

    private Photo() {
    }

    /** Reads PNG, JPEG, BMP, GIF or WebP; a file that is no such image is the user's {@code BadInputException}. */
    public static BufferedImage read(Path file) {
        return of(new ImageDecoder().decode(file));
    }

    public static BufferedImage of(RgbImage rgb) {
        BufferedImage image = new BufferedImage(rgb.width(), rgb.height(), BufferedImage.TYPE_INT_RGB);
        int[] row = new int[rgb.width()];
        byte[] pixels = rgb.pixels();
        for (int y = 0; y < rgb.height(); y++) {
            for (int x = 0; x < rgb.width(); x++) {
                int i = (y * rgb.width() + x) * 3;
                row[x] = (pixels[i] & 0xff) << 16 | (pixels[i + 1] & 0xff) << 8 | (pixels[i + 2] & 0xff);
            }
            image.setRGB(0, y, rgb.width(), 1, row, 0, rgb.width());
        }
        return image;
    }
}
