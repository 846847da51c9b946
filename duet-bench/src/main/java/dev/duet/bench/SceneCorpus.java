/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.bench;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

/**
 * The corpus the retrieval benchmarks index: seeded 224 x 224 PNG scenes of coloured shapes, the same for a
 * given count on every machine. Usage: {@code SceneCorpus FOLDER COUNT} (files already there are kept).
 */
public final class SceneCorpus {

    private static final Color[] COLOURS = {Color.RED, Color.BLUE, Color.GREEN, Color.YELLOW, Color.MAGENTA, Color.ORANGE,
            Color.CYAN, Color.BLACK, Color.WHITE, Color.GRAY};

    private SceneCorpus() {
    }

    public static void main(String[] args) throws IOException {
        write(Path.of(args[0]), Integer.parseInt(args[1]));
    }

    /** COUNT seeded scenes: a background and one to three filled rectangles or ovals. */
    public static Path write(Path folder, int count) throws IOException {
        Files.createDirectories(folder);
        Random random = new Random(18);
        for (int i = 0; i < count; i++) {
            Path file = folder.resolve(String.format(Locale.ROOT, "scene-%06d.png", i));
            BufferedImage image = new BufferedImage(224, 224, BufferedImage.TYPE_INT_RGB);
            Graphics2D graphics = image.createGraphics();
            graphics.setColor(COLOURS[random.nextInt(COLOURS.length)]);
            graphics.fillRect(0, 0, 224, 224);
            for (int shape = 0; shape < 1 + random.nextInt(3); shape++) {
                graphics.setColor(COLOURS[random.nextInt(COLOURS.length)]);
                int[] box = {random.nextInt(160), random.nextInt(160), 24 + random.nextInt(100), 24 + random.nextInt(100)};
                if (random.nextBoolean()) {
                    graphics.fillOval(box[0], box[1], box[2], box[3]);
                } else {
                    graphics.fillRect(box[0], box[1], box[2], box[3]);
                }
            }
            graphics.dispose();
            if (!Files.exists(file)) {
                ImageIO.write(image, "png", file.toFile());
            }
        }
        return folder;
    }
}
