/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code duet evaluate}: held-out scores of a model at chosen layers; bad settings exit with 2. */
class EvaluateCommandTest {

    private static final String DEFAULT_MODEL = Path.of("..", "models", "default").toAbsolutePath().normalize().toString();

    @Test
    void scoresTheDefaultModelAtTheLayersAsked() {
        CliContractTest.Result result = CliContractTest.run("evaluate", "--model", DEFAULT_MODEL, "--scenes", "4", "--text-layer", "0",
                "--world", "shifted");
        assertEquals(0, result.exit(), result.err());
        assertTrue(result.out().startsWith("4 scenes, layers 0/3: retrieval text->image "), result.out());
        assertTrue(result.out().contains("grounding "), result.out());
    }

    @Test
    void scoresAnyCheckpoint() {
        CliContractTest.Result result = CliContractTest.run("evaluate", "--model", CliContractTest.model(), "--scenes", "3",
                "--quiet");
        assertEquals(0, result.exit(), result.err());
        assertTrue(result.out().contains("layers 2/2"), "the last of 3 blocks: " + result.out());
        assertTrue(result.err().isEmpty(), "--quiet draws no progress: " + result.err());
    }

    @Test
    void everyLayerPairAndTheTablesOfAnUntrainedModel(@TempDir Path directory) throws Exception {
        Path tables = directory.resolve("tables.md");
        CliContractTest.Result result = CliContractTest.run("evaluate", "--model", CliContractTest.model(), "--scenes", "3",
                "--world", "bound", "--all-layers", "--random-weights", "7", "--tables", tables.toString());
        assertEquals(0, result.exit(), result.err());
        assertEquals(9, result.out().lines().filter(line -> line.startsWith("3 scenes, layers ")).count(), result.out());
        // progress counts the scenes of every pair, on stderr
        assertTrue(result.err().contains("evaluate 100%") && result.err().contains("27/27 scenes"), result.err());
        String markdown = Files.readString(tables);
        assertTrue(markdown.startsWith("## random weights (seed 7), bound world, every layer pair"), markdown);
        assertTrue(markdown.contains("| pointing game: text layer \\ image layer | 0 | 1 | 2 |"), markdown);
        assertTrue(markdown.contains("## random weights (seed 7), layers 2/2, bound world"), markdown);
        assertTrue(markdown.contains("| centre prior | ") && markdown.contains("| swapped word | negatives |"), markdown);
    }

    /** The known colours scored by their own words' maps, as the shifted worlds score their new concepts. */
    @Test
    void scoresTheFocusWordsByTheirOwnMaps() {
        CliContractTest.Result plain = CliContractTest.run("evaluate", "--model", DEFAULT_MODEL, "--scenes", "4",
                "--world", "bound");
        assertEquals(0, plain.exit(), plain.err());
        assertFalse(plain.out().contains("focus words"), "the bound world adds no concepts: " + plain.out());
        CliContractTest.Result colours = CliContractTest.run("evaluate", "--model", DEFAULT_MODEL, "--scenes", "4",
                "--world", "bound", "--focus-words", "red,green,blue,yellow,orange,purple,black,white,gray,brown,pink");
        assertEquals(0, colours.exit(), colours.err());
        Matcher focus = Pattern.compile("focus words alone (\\d\\.\\d{3}) of (\\d+)").matcher(colours.out());
        assertTrue(focus.find(), colours.out());
        assertTrue(Integer.parseInt(focus.group(2)) > 0, "phrases name colours: " + colours.out());
        CliContractTest.Result bad = CliContractTest.run("evaluate", "--model", DEFAULT_MODEL, "--scenes", "4",
                "--focus-words", "Red");
        assertEquals(2, bad.exit(), bad.err());
        assertTrue(bad.err().startsWith("duet: ") && bad.err().contains("--focus-words"), bad.err());
        assertEquals(1, bad.err().lines().count(), bad.err());
    }

    @Test
    void badSettingsExitWithTwo() {
        assertEquals(2, CliContractTest.run("evaluate", "--model", DEFAULT_MODEL, "--scenes", "1").exit());
        CliContractTest.Result layer = CliContractTest.run("evaluate", "--model", DEFAULT_MODEL, "--scenes", "3", "--text-layer", "99");
        assertEquals(2, layer.exit(), layer.err());
        assertTrue(layer.err().startsWith("duet: "), layer.err());
    }
}
