/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
        CliContractTest.Result result = CliContractTest.run("evaluate", "--model", CliContractTest.model(), "--scenes", "3");
        assertEquals(0, result.exit(), result.err());
        assertTrue(result.out().contains("layers 2/2"), "the last of 3 blocks: " + result.out());
    }

    @Test
    void everyLayerPairAndTheTablesOfAnUntrainedModel(@TempDir Path directory) throws Exception {
        Path tables = directory.resolve("tables.md");
        CliContractTest.Result result = CliContractTest.run("evaluate", "--model", CliContractTest.model(), "--scenes", "3",
                "--world", "bound", "--all-layers", "--random-weights", "7", "--tables", tables.toString());
        assertEquals(0, result.exit(), result.err());
        assertEquals(9, result.out().lines().filter(line -> line.startsWith("3 scenes, layers ")).count(), result.out());
        String markdown = Files.readString(tables);
        assertTrue(markdown.startsWith("## random weights (seed 7), bound world, every layer pair"), markdown);
        assertTrue(markdown.contains("| pointing game: text layer \\ image layer | 0 | 1 | 2 |"), markdown);
        assertTrue(markdown.contains("## random weights (seed 7), layers 2/2, bound world"), markdown);
        assertTrue(markdown.contains("| centre prior | ") && markdown.contains("| swapped word | negatives |"), markdown);
    }

    @Test
    void badSettingsExitWithTwo() {
        assertEquals(2, CliContractTest.run("evaluate", "--model", DEFAULT_MODEL, "--scenes", "1").exit());
        CliContractTest.Result layer = CliContractTest.run("evaluate", "--model", DEFAULT_MODEL, "--scenes", "3", "--text-layer", "99");
        assertEquals(2, layer.exit(), layer.err());
        assertTrue(layer.err().startsWith("duet: "), layer.err());
    }
}
