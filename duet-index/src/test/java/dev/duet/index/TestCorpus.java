/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.index;

import dev.duet.explain.Explainer;
import dev.duet.explain.ExplainOptions;
import dev.duet.explain.Quadrature;
import dev.duet.model.ClipModel;
import dev.duet.tensor.Parallel;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** The tiny fixture model and seeded scenes of coloured shapes drawn with Java2D: the corpus of the index tests. */
final class TestCorpus {

    static final Color[] COLOURS = {Color.RED, Color.BLUE, Color.GREEN, Color.YELLOW, Color.MAGENTA, Color.ORANGE, Color.CYAN,
            Color.BLACK, Color.WHITE};

    private static ClipModel tiny;

    private TestCorpus() {
    }

    /** The random-weight fixture checkpoint (../shared/fixtures/models/tiny); a missing fixture fails the test. */
    static Path tinyModelFolder() {
        String shared = System.getProperty("duet.shared");
        if (shared == null) {
            throw new IllegalStateException("system property duet.shared is not set (surefire sets it)");
        }
        Path folder = Path.of(shared, "fixtures", "models", "tiny");
        if (!Files.isDirectory(folder)) {
            throw new IllegalStateException("fixture model not found at " + folder);
        }
        return folder;
    }

    static synchronized ClipModel tinyModel() {
        if (tiny == null) {
            tiny = ClipModel.load(tinyModelFolder());
        }
        return tiny;
    }

    /** Gauss-Legendre with 4 nodes: the adaptive rule would take up to 256 on random weights, and the tests need no accuracy. */
    static ExplainOptions options() {
        return ExplainOptions.defaults().withQuadrature(Quadrature.GAUSS_LEGENDRE, 4);
    }

    static Explainer explainer(ExplainOptions options) {
        return Explainer.forModel(tinyModel(), options, Parallel.serial());
    }

    /** {@code count} PNG scenes in {@code folder} (two of them in a sub-folder), the same for the same seed. */
    static List<Path> write(Path folder, int count, long seed) {
        Random random = new Random(seed);
        List<Path> files = new ArrayList<>();
        try {
            Files.createDirectories(folder.resolve("more"));
            for (int i = 0; i < count; i++) {
                // not square, so that the centre crop cuts something away
                BufferedImage image = new BufferedImage(72 + random.nextInt(24), 64, BufferedImage.TYPE_INT_RGB);
                Graphics2D graphics = image.createGraphics();
                graphics.setColor(COLOURS[random.nextInt(COLOURS.length)]);
                graphics.fillRect(0, 0, image.getWidth(), image.getHeight());
                for (int shape = 0; shape < 1 + random.nextInt(3); shape++) {
                    graphics.setColor(COLOURS[random.nextInt(COLOURS.length)]);
                    int x = random.nextInt(48);
                    int y = random.nextInt(40);
                    int w = 10 + random.nextInt(30);
                    int h = 10 + random.nextInt(24);
                    if (random.nextBoolean()) {
                        graphics.fillOval(x, y, w, h);
                    } else {
                        graphics.fillRect(x, y, w, h);
                    }
                }
                graphics.dispose();
                Path file = (i % 7 == 6 ? folder.resolve("more") : folder).resolve(String.format("scene-%02d.png", i));
                ImageIO.write(image, "png", file.toFile());
                files.add(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }
}
