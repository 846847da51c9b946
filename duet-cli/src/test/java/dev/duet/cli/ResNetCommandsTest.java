/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.duet.testing.ResNetCheckpoints;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The commands on a ResNet CLIP (open_clip's layout, {@link ResNetCheckpoints}): an index of its
 * image factors, whose rows are the positions of the map after the cut stage (no class row),
 * explains a search result as {@code explain} explains the same pair.
 */
class ResNetCommandsTest {

    private static final String CAPTION = "a red square";

    @TempDir
    static Path folder;

    private static Path model;

    @BeforeAll
    static void writeCheckpoint() throws IOException {
        model = ResNetCheckpoints.write(folder.resolve("resnet-clip"));
    }

    @Test
    void anIndexExplainsSearchResultsAsExplainDoes() throws IOException {
        Path images = Files.createDirectories(folder.resolve("index-images"));
        Files.copy(Path.of("..", "examples", "blue-rectangle-red-square.png"), images.resolve("example.png"));
        Path index = folder.resolve("resnet-index");
        CliContractTest.Result built = CliContractTest.run("index", "--model", model.toString(), "--images", images.toString(),
                "--out", index.toString(), "--quadrature", "gauss-legendre", "--steps", "8", "--threads", "1", "--quiet");
        assertEquals(0, built.exit(), built.err());
        CliContractTest.Result searched = CliContractTest.run("search", "--index", index.toString(), "--query", CAPTION,
                "--k", "1", "--explain", "--json");
        assertEquals(0, searched.exit(), searched.err());
        JsonNode stored = searched.json().get("results").get(0).get("interactions");
        CliContractTest.Result explained = CliContractTest.run("explain", "--model", model.toString(), "--caption", CAPTION,
                "--image", images.resolve("example.png").toString(), "--quadrature", "gauss-legendre", "--steps", "8",
                "--image-mode", "forward", "--json", "-");
        assertEquals(0, explained.exit(), explained.err());
        JsonNode direct = explained.json().get("interactions");
        assertEquals(direct.size(), stored.size(), "one row per caption position");
        assertEquals(4, stored.get(0).size(), "the default cut, the map after the last stage of a 64-pixel ResNet, is 2 x 2, no class column");
        for (int t = 0; t < direct.size(); t++) {
            for (int c = 0; c < direct.get(t).size(); c++) {
                assertEquals(direct.get(t).get(c).asDouble(), stored.get(t).get(c).asDouble(), 1e-6, "entry " + t + ", " + c);
            }
        }
    }
}
