/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.data;

import dev.duet.BadInputException;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;

/** An image file's width and height from its header, without decoding the pixels. */
record ImageSize(int width, int height) {

    static ImageSize of(Path file) {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) {
                throw new BadInputException(file, "cannot open image");
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new BadInputException(file, "not an image format Duet reads");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                return new ImageSize(reader.getWidth(0), reader.getHeight(0));
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw new BadInputException(file, "cannot read image header: " + e.getMessage(), e);
        }
    }
}
