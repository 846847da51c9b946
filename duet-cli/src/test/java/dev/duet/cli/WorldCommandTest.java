/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.cli;

import dev.duet.data.CocoDataset;
import dev.duet.data.CocoReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code duet world}: a COCO data set that the reader takes back, the same bytes for the same seed, nothing on bad input. */
class WorldCommandTest {

    @TempDir
    Path directory;

    @Test
    void writesAReadableCocoDataSet() throws IOException {
        Path out = directory.resolve("world");
        CliContractTest.Result written = CliContractTest.run("world", "--out", out.toString(), "--count", "6", "--seed", "3",
                "--world", "shifted");
        assertEquals(0, written.exit(), written.err());
        assertTrue(written.out().contains("wrote 6 scenes"), written.out());
        CocoDataset dataset = CocoReader.withDefaults().readDirectory(out);
        assertEquals(6, dataset.images().size());
        assertFalse(dataset.captions().isEmpty());
        assertFalse(dataset.instances().isEmpty());
        try (Stream<Path> images = Files.list(out.resolve("images"))) {
            assertEquals(6, images.count());
        }
        Path again = directory.resolve("again");
        assertEquals(0, CliContractTest.run("world", "--out", again.toString(), "--count", "6", "--seed", "3",
                "--world", "shifted").exit());
        assertArrayEquals(Files.readAllBytes(out.resolve("captions.json")), Files.readAllBytes(again.resolve("captions.json")));
        assertArrayEquals(Files.readAllBytes(out.resolve("instances.json")), Files.readAllBytes(again.resolve("instances.json")));
    }

    @Test
    void badRequestsExitWithTwoAndWriteNothing() throws IOException {
        Path existing = Files.createDirectories(directory.resolve("existing"));
        CliContractTest.Result taken = CliContractTest.run("world", "--out", existing.toString(), "--count", "2");
        assertEquals(2, taken.exit());
        assertTrue(taken.err().contains("already exists"), taken.err());
        CliContractTest.Result none = CliContractTest.run("world", "--out", directory.resolve("none").toString(), "--count", "0");
        assertEquals(2, none.exit());
        CliContractTest.Result orphan = CliContractTest.run("world", "--out", directory.resolve("no/such/parent").toString(),
                "--count", "2");
        assertEquals(2, orphan.exit());
        try (Stream<Path> left = Files.list(directory)) {
            assertEquals(1, left.count(), "only the folder made by the test");
        }
    }
}
