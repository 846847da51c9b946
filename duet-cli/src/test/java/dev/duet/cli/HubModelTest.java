/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --model ORG/NAME} finds the model in the hub cache that {@code --hub-cache} names; an absent one exits with 2. */
class HubModelTest {

    @TempDir
    Path directory;

    private Path hubWithTiny() throws IOException {
        Path snapshot = Files.createDirectories(directory.resolve("hub/models--someone--tiny-clip/snapshots/abc123"));
        Path blobs = Files.createDirectories(directory.resolve("hub/models--someone--tiny-clip/blobs"));
        try (Stream<Path> files = Files.list(Path.of(CliContractTest.model()))) {
            for (Path file : files.toList()) {
                Path blob = Files.copy(file, blobs.resolve("blob-" + file.getFileName()));
                Files.createSymbolicLink(snapshot.resolve(file.getFileName()), snapshot.relativize(blob));
            }
        }
        Files.createDirectories(directory.resolve("hub/models--someone--tiny-clip/refs"));
        Files.writeString(directory.resolve("hub/models--someone--tiny-clip/refs/main"), "abc123\n");
        return directory.resolve("hub");
    }

    @Test
    void aHubIdRunsLikeItsFolder() throws IOException {
        Path hub = hubWithTiny();
        CliContractTest.Result byId = CliContractTest.run("tokenize", "--model", "someone/tiny-clip", "--hub-cache", hub.toString(),
                "a red circle");
        CliContractTest.Result byFolder = CliContractTest.run("tokenize", "--model", CliContractTest.model(), "a red circle");
        assertEquals(0, byId.exit(), byId.err());
        assertEquals(byFolder.out(), byId.out());
    }

    @Test
    void anAbsentHubIdExitsWithTwoAndSaysWhatToFetch() throws IOException {
        CliContractTest.Result result = CliContractTest.run("tokenize", "--model", "someone/other-clip", "--hub-cache",
                hubWithTiny().toString(), "a red circle");
        assertEquals(2, result.exit());
        assertEquals(1, result.err().lines().count(), result.err());
        assertTrue(result.err().contains("huggingface-cli download someone/other-clip"), result.err());
        assertEquals("", result.out());
    }
}
