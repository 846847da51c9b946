/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.duet.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FigureTest {

    @Test
    void writesPngAndCreatesFolders(@TempDir Path folder) throws Exception {
        Figure figure = new ColorBar(ColorScale.symmetric(0.5), "score")
                .render(ColorBar.Orientation.VERTICAL, 200);
        Path file = folder.resolve("a/b/bar.png");
        figure.writePng(file);
        assertArrayEquals(figure.png(), Files.readAllBytes(file));
        assertTrue(figure.height() >= 200);
    }

    @Test
    void unwritablePathIsTheUsersProblem(@TempDir Path folder) throws Exception {
        Path blocker = Files.writeString(folder.resolve("file"), "x");
        Figure figure = new ColorBar(ColorScale.symmetric(1), "score")
                .render(ColorBar.Orientation.HORIZONTAL, 100);
        BadInputException e = assertThrows(BadInputException.class,
                () -> figure.writePng(blocker.resolve("out.png")));
        assertTrue(e.getMessage().startsWith(blocker.resolve("out.png").toString()), e.getMessage());
    }
}
