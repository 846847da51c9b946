/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.image;

import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.util.Arrays;

/**
 * A GIF's first frame on PIL's canvas: the logical screen (grown to hold the frame if it
 * sticks out), filled with the transparent index when the frame declares one and index 0
 * otherwise, with the frame's indices pasted at its position. Colours come from the local
 * colour table, else the global one, else none (PIL's mode "L": the index is the grey level).
 */
final class GifFirstFrame {

    private static final String STREAM_FORMAT = "javax_imageio_gif_stream_1.0";
    private static final String IMAGE_FORMAT = "javax_imageio_gif_image_1.0";

    private final int canvasWidth;
    private final int canvasHeight;
    private final int left;
    private final int top;
    private final int fillIndex;
    private final byte[] paletteRgb;

    private GifFirstFrame(int canvasWidth, int canvasHeight, int left, int top, int fillIndex, byte[] paletteRgb) {
        this.canvasWidth = canvasWidth;
        this.canvasHeight = canvasHeight;
        this.left = left;
        this.top = top;
        this.fillIndex = fillIndex;
        this.paletteRgb = paletteRgb;
    }

    /** Reads the stream and first-image metadata (headers only, no pixels). */
    static GifFirstFrame describe(ImageReader reader) throws IOException {
        Node stream = tree(reader.getStreamMetadata(), STREAM_FORMAT);
        Node image = tree(reader.getImageMetadata(0), IMAGE_FORMAT);
        Node screen = child(stream, "LogicalScreenDescriptor");
        Node descriptor = child(image, "ImageDescriptor");
        if (descriptor == null) {
            throw new IOException("GIF has no image descriptor");
        }
        int left = attribute(descriptor, "imageLeftPosition");
        int top = attribute(descriptor, "imageTopPosition");
        int right = left + attribute(descriptor, "imageWidth");
        int bottom = top + attribute(descriptor, "imageHeight");
        int width = screen == null ? right : Math.max(attribute(screen, "logicalScreenWidth"), right);
        int height = screen == null ? bottom : Math.max(attribute(screen, "logicalScreenHeight"), bottom);
        Node control = child(image, "GraphicControlExtension");
        int fill = control != null && "TRUE".equalsIgnoreCase(text(control, "transparentColorFlag"))
                ? attribute(control, "transparentColorIndex") : 0;
        Node table = child(image, "LocalColorTable");
        if (table == null) {
            table = child(stream, "GlobalColorTable");
        }
        return new GifFirstFrame(width, height, left, top, fill, table == null ? new byte[0] : colours(table));
    }

    int canvasWidth() {
        return canvasWidth;
    }

    int canvasHeight() {
        return canvasHeight;
    }

    /**
     * The first frame on the canvas, as PIL opens it: mode P with the colour table, or mode L (the
     * index is the grey level) when there is no table or the table is the grey ramp (i, i, i),
     * which PIL drops ({@code GifImageFile._is_palette_needed}).
     */
    DecodedImage compose(BufferedImage frame) {
        WritableRaster canvas = Raster.createBandedRaster(DataBuffer.TYPE_INT,
                canvasWidth, canvasHeight, 1, null);
        int[] row = new int[canvasWidth];
        Arrays.fill(row, fillIndex);
        for (int y = 0; y < canvasHeight; y++) {
            canvas.setSamples(0, y, canvasWidth, 1, 0, row);
        }
        Raster indices = frame.getRaster();
        int[] frameRow = new int[indices.getWidth()];
        for (int y = 0; y < indices.getHeight(); y++) {
            indices.getSamples(indices.getMinX(), indices.getMinY() + y, indices.getWidth(), 1, 0, frameRow);
            canvas.setSamples(left, top + y, frameRow.length, 1, 0, frameRow);
        }
        DecodedImage indexed = RgbConverter.decode(canvas, PilMode.P, paletteRgb);
        return DecodedImage.isGreyRamp(paletteRgb, 1) ? indexed.greyFromPalette(PilMode.L) : indexed;
    }

    private static byte[] colours(Node table) {
        byte[] palette = new byte[0];
        for (Node entry = table.getFirstChild(); entry != null; entry = entry.getNextSibling()) {
            int index = attribute(entry, "index");
            if (index < 0 || index > 255) {
                continue;
            }
            if (palette.length < (index + 1) * 3) {
                palette = Arrays.copyOf(palette, (index + 1) * 3);
            }
            palette[index * 3] = (byte) attribute(entry, "red");
            palette[index * 3 + 1] = (byte) attribute(entry, "green");
            palette[index * 3 + 2] = (byte) attribute(entry, "blue");
        }
        return palette;
    }

    private static Node tree(IIOMetadata metadata, String format) throws IOException {
        if (metadata == null) {
            throw new IOException("GIF metadata is missing");
        }
        return metadata.getAsTree(format);
    }

    private static Node child(Node parent, String name) {
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (name.equals(node.getNodeName())) {
                return node;
            }
        }
        return null;
    }

    private static String text(Node node, String name) {
        NamedNodeMap attributes = node.getAttributes();
        Node value = attributes == null ? null : attributes.getNamedItem(name);
        return value == null ? null : value.getNodeValue();
    }

    private static int attribute(Node node, String name) {
        String value = text(node, name);
        if (value == null) {
            throw new IllegalArgumentException("GIF metadata " + node.getNodeName() + " has no " + name);
        }
        return Integer.parseInt(value);
    }
}
