/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.report;

import dev.duet.AtomicFiles;
import dev.duet.BadInputException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** A finished picture (opaque RGB), ready to be written as PNG. */
public record Figure(BufferedImage image) {

    public int width() {
        return image.getWidth();
    }

    public int height() {
        return image.getHeight();
    }

    public byte[] png() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", out)) {
                throw new IllegalStateException("no PNG writer in this JDK");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing PNG to memory", e);
        }
        return out.toByteArray();
    }

    /** Writes the PNG atomically, creating missing parent folders; a path that cannot be written is the user's. */
    public void writePng(Path file) {
        byte[] bytes = png();
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new BadInputException(file, "cannot write the PNG: " + AtomicFiles.reason(e), e);
        }
        AtomicFiles.write(file, bytes);
    }
}
