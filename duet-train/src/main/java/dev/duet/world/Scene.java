/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.world;

import dev.duet.data.BoundingBox;
import dev.duet.data.TextSpan;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One generated picture (square, {@code TYPE_INT_RGB}) with its objects and captions.
 * {@code index} and {@code seed} identify it: the same pair always gives the same scene.
 */
public record Scene(long seed, int index, BufferedImage image, List<SceneObject> objects,
                    List<SceneCaption> captions) {

    public Scene {
        objects = List.copyOf(objects);
        captions = List.copyOf(captions);
    }

    public int size() {
        return image.getWidth();
    }

    /** The pixels as bytes, row-major, R G B per pixel: [height][width][3]. */
    public byte[] rgb() {
        int[] pixels = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        byte[] bytes = new byte[Math.multiplyExact(pixels.length, 3)];
        for (int i = 0; i < pixels.length; i++) {
            int pixel = pixels[i];
            bytes[3 * i] = (byte) (pixel >> 16);
            bytes[3 * i + 1] = (byte) (pixel >> 8);
            bytes[3 * i + 2] = (byte) pixel;
        }
        return bytes;
    }

    public SceneObject object(Mention mention) {
        return objects.get(mention.object());
    }

    /** The distinct phrases of {@code caption}, in the order of their first mention, each with the boxes it names. */
    public List<Phrase> phrases(SceneCaption caption) {
        Map<TextSpan, List<BoundingBox>> boxesBySpan = new LinkedHashMap<>();
        for (Mention mention : caption.mentions()) {
            boxesBySpan.computeIfAbsent(mention.span(), span -> new ArrayList<>()).add(object(mention).box());
        }
        List<Phrase> phrases = new ArrayList<>(boxesBySpan.size());
        boxesBySpan.forEach((span, boxes) -> phrases.add(new Phrase(span, boxes)));
        return phrases;
    }
}
