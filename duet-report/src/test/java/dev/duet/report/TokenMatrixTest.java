/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.report;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The token-by-token picture: each cell in its score's colour, labels and bar around it. */
class TokenMatrixTest {

    @Test
    void eachCellHasItsScoresColour() {
        float[] scores = {0.5f, -0.5f, 0f, 0.25f, 0.1f, -0.2f};
        Figure figure = new TokenMatrix(List.of("[CLS]", "cat"), List.of("[CLS]", "a", "kitten"), scores,
                "A cat / a kitten").render();
        ColorScale scale = ColorScale.fitting(scores);
        // the grid's cells are the only places with these exact colours; find each one
        for (float score : new float[] {0.5f, -0.5f}) {
            int rgb = scale.rgb(score) & 0xFFFFFF;
            boolean found = false;
            for (int y = 0; y < figure.height() && !found; y++) {
                for (int x = 0; x < figure.width() && !found; x++) {
                    found = (figure.image().getRGB(x, y) & 0xFFFFFF) == rgb;
                }
            }
            assertTrue(found, "no cell coloured for " + score);
        }
        assertTrue(figure.width() > 3 * 28 && figure.height() > 2 * 28);
    }

    @Test
    void scoresMustMatchTheLabels() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TokenMatrix(List.of("a"), List.of("b", "c"), new float[3], "t"));
        assertEquals("3 scores for 1 x 2 tokens", e.getMessage());
    }
}
