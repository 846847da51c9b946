/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.image;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One image ready for the vision tower.
 *
 * @param geometry where the crop sits in the original image
 * @param pipeline the order that made it (recorded wherever the image is described)
 * @param cropRgb  the 8-bit crop, HWC ({@code [cropHeight][cropWidth][3]})
 * @param pixels   the model input, CHW float32 ({@code [3][cropHeight][cropWidth]})
 */
public record PreprocessedImage(CropGeometry geometry, PreprocessingPipeline pipeline, byte[] cropRgb, float[] pixels) {

    /**
     * Checks that the arrays match the crop.
     *
     * @throws IllegalArgumentException if an array's length is not 3 x the crop's pixels
     */
    public PreprocessedImage {
        Objects.requireNonNull(geometry, "geometry");
        Objects.requireNonNull(pipeline, "pipeline");
        int plane = Math.multiplyExact(geometry.cropWidth(), geometry.cropHeight());
        if (cropRgb.length != Math.multiplyExact(plane, 3) || pixels.length != cropRgb.length) {
            throw new IllegalArgumentException("crop arrays do not match the " + geometry.cropWidth() + "x"
                    + geometry.cropHeight() + " crop");
        }
    }

    /** {@return the crop's width in pixels: the model's input width} */
    public int width() {
        return geometry.cropWidth();
    }

    /** {@return the crop's height in pixels} */
    public int height() {
        return geometry.cropHeight();
    }

    /**
     * {@return the side of the square crop that CLIP configs ask for}
     *
     * @throws IllegalStateException if the crop is not square
     */
    public int size() {
        if (width() != height()) {
            throw new IllegalStateException("crop is not square: " + width() + "x" + height());
        }
        return width();
    }

    /** {@return the 8-bit crop as an image (sharing {@code cropRgb})} */
    public RgbImage crop() {
        return new RgbImage(width(), height(), cropRgb);
    }

    /** {@return the hex SHA-256 of {@link #pixels} as float32 little-endian, the fixtures' {@code sha256_f32le}} */
    public String pixelSha256() {
        ByteBuffer bytes = ByteBuffer.allocate(pixels.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(pixels);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.array()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }

    /** {@return the crop as a {@code TYPE_3BYTE_BGR} image} */
    public BufferedImage cropImage() {
        BufferedImage image = new BufferedImage(width(), height(), BufferedImage.TYPE_3BYTE_BGR);
        WritableRaster raster = image.getRaster();
        int[] row = new int[width() * 3];
        for (int y = 0; y < height(); y++) {
            for (int i = 0; i < row.length; i++) {
                row[i] = cropRgb[y * row.length + i] & 0xFF;
            }
            raster.setPixels(0, y, width(), 1, row);
        }
        return image;
    }

    /**
     * Writes the 8-bit crop as a PNG file, in place (not atomically).
     *
     * @param file the file to write
     * @throws IOException if the file cannot be written
     */
    public void writeCropPng(Path file) throws IOException {
        if (!ImageIO.write(cropImage(), "png", file.toFile())) {
            throw new IOException("no PNG writer available");
        }
    }
}
