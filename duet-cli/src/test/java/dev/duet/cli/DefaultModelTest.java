/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Without --model, commands use the committed models/default, and its explanations add up. */
class DefaultModelTest {

    @TempDir
    Path directory;

    @Test
    void explainUsesTheDefaultModel() throws IOException {
        String previous = System.getProperty("duet.home");
        System.setProperty("duet.home", Path.of("..").toAbsolutePath().normalize().toString());
        try {
            Path json = directory.resolve("e.json");
            CliContractTest.Result result = CliContractTest.run("explain", "--caption", "a blue rectangle right of a small red square",
                    "--image", Path.of("../examples/blue-rectangle-red-square.png").toString(), "--json", json.toString());
            assertEquals(0, result.exit(), result.err());
            JsonNode explanation = new ObjectMapper().readTree(json.toFile());
            assertEquals(10, explanation.get("grid").get(0).asInt(), "80 px in 8 px patches");
            assertTrue(explanation.get("settings").get("model").asText().endsWith("default"));
            assertTrue(Math.abs(explanation.get("completeness").get("error").asDouble()) < 2e-3,
                    "adaptive quadrature keeps the error small: " + explanation.get("completeness"));
            assertTrue(explanation.get("similarity").asDouble() > 0.3, "the trained model matches its own world");
        } finally {
            if (previous == null) {
                System.clearProperty("duet.home");
            } else {
                System.setProperty("duet.home", previous);
            }
        }
    }

    /**
     * The README's main command: with both towers cut at their embeddings, the map of "red
     * square" peaks on the patch grid inside the red square, found independently from the pixels.
     */
    @Test
    void mapOfANamedObjectPeaksOnIt() throws IOException {
        Path image = Path.of("../examples/blue-rectangle-red-square.png");
        String caption = "a blue rectangle right of a small red square";
        Path json = directory.resolve("e.json");
        CliContractTest.Result result = CliContractTest.run("explain", "--model", "../models/default", "--caption", caption,
                "--image", image.toString(), "--text-layer", "0", "--image-layer", "0", "--json", json.toString());
        assertEquals(0, result.exit(), result.err());
        JsonNode explanation = new ObjectMapper().readTree(json.toFile());
        int spanStart = caption.indexOf("red square");
        int spanEnd = spanStart + "red square".length();
        int grid = explanation.get("grid").get(0).asInt();
        double[] map = new double[grid * grid];
        JsonNode tokens = explanation.get("tokens");
        for (int t = 0; t < tokens.size(); t++) {
            JsonNode token = tokens.get(t);
            if (token.get("start").asInt() < spanEnd && token.get("end").asInt() > spanStart) {
                JsonNode row = explanation.get("interactions").get(t);
                for (int p = 0; p < map.length; p++) {
                    map[p] += row.get(1 + p).asDouble();
                }
            }
        }
        int peak = 0;
        for (int p = 1; p < map.length; p++) {
            peak = map[p] > map[peak] ? p : peak;
        }
        BufferedImage pixels = ImageIO.read(image.toFile());
        int[] redBox = boxOfRedPixels(pixels);
        // the example is square, so the model's resize and centre crop keep it whole: patch = side / grid pixels
        double patch = pixels.getWidth() / (double) grid;
        double centreX = (peak % grid + 0.5) * patch;
        double centreY = (peak / grid + 0.5) * patch;
        assertTrue(centreX >= redBox[0] && centreX <= redBox[2] && centreY >= redBox[1] && centreY <= redBox[3],
                "peak at patch (" + peak / grid + ", " + peak % grid + ") outside the red square " + Arrays.toString(redBox));
    }

    /** {x0, y0, x1, y1} of the clearly red pixels. */
    private static int[] boxOfRedPixels(BufferedImage image) {
        int[] box = {Integer.MAX_VALUE, Integer.MAX_VALUE, -1, -1};
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                int r = rgb >> 16 & 0xff;
                int g = rgb >> 8 & 0xff;
                int b = rgb & 0xff;
                if (r > 150 && g < 90 && b < 90) {
                    box[0] = Math.min(box[0], x);
                    box[1] = Math.min(box[1], y);
                    box[2] = Math.max(box[2], x);
                    box[3] = Math.max(box[3], y);
                }
            }
        }
        assertTrue(box[2] > box[0] && box[3] > box[1], "the example has a red square");
        return box;
    }
}
