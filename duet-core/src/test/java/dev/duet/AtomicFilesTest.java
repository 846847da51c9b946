/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Outputs are complete or absent, replace only regular files, and a file system that refuses is the user's problem. */
class AtomicFilesTest {

    @TempDir
    Path directory;

    @Test
    void aFullOrReadOnlyFileSystemIsBadInputNamingThePath() throws IOException {
        Path target = directory.resolve("out.json");
        Files.writeString(target, "before");
        for (IOException failure : new IOException[] {new IOException("No space left on device"),
                new FileSystemException(target.toString(), null, "Read-only file system")}) {
            BadInputException e = assertThrows(BadInputException.class, () -> AtomicFiles.write(target, out -> {
                out.write(new byte[10]);
                throw failure;
            }));
            assertTrue(e.getMessage().startsWith(target + ": cannot write: "), e.getMessage());
            assertTrue(e.getMessage().contains("No space left") || e.getMessage().contains("Read-only"), e.getMessage());
            assertEquals("before", Files.readString(target), "the old file stays whole");
        }
        try (Stream<Path> left = Files.list(directory)) {
            assertEquals(1, left.count(), "no temporary file left");
        }
    }

    @Test
    void onlyRegularFilesAreReplaced() throws IOException {
        Path folder = Files.createDirectories(directory.resolve("folder"));
        for (Path target : new Path[] {Path.of("/dev/null"), folder, directory.resolve("missing/out.json")}) {
            assertThrows(BadInputException.class, () -> AtomicFiles.write(target, new byte[] {1}));
        }
        assertTrue(Files.isDirectory(folder));
        assertFalse(Files.isRegularFile(Path.of("/dev/null")));
        Path regular = Files.writeString(directory.resolve("a.txt"), "old");
        AtomicFiles.write(regular, "new".getBytes());
        assertEquals("new", Files.readString(regular));
    }
}
