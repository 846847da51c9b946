/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.duet.Version;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The distribution archive that {@code mvn package} writes, unpacked into a fresh folder, runs
 * with nothing but a JDK: no Maven (a {@code mvn} first on the PATH would leave a mark) and no
 * source tree (the working folder is the unpacked one).
 */
class DistributionIT {

    @TempDir
    Path directory;

    private Path home;
    private Path mavenMark;
    private Path fakeMaven;

    @BeforeEach
    void unpack() throws IOException, InterruptedException {
        Path archive = Path.of(System.getProperty("duet.distribution"));
        assertTrue(Files.isRegularFile(archive), "the archive exists: " + archive);
        Process tar = new ProcessBuilder("tar", "-xzf", archive.toString(), "-C", directory.toString()).inheritIO().start();
        assertEquals(0, tar.waitFor());
        home = directory.resolve("duet-" + Version.VALUE);
        mavenMark = directory.resolve("maven-was-run");
        fakeMaven = Files.createDirectories(directory.resolve("no-maven"));
        Files.writeString(fakeMaven.resolve("mvn"), "#!/bin/sh\ntouch " + mavenMark + "\nexit 1\n");
        Files.setPosixFilePermissions(fakeMaven.resolve("mvn"), PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private CliContractTest.Result duet(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/duet").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile());
        builder.environment().clear();
        builder.environment().put("PATH", fakeMaven + ":/usr/bin:/bin");
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Path out = directory.resolve("out.txt");
        Path err = directory.resolve("err.txt");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "bin/duet finishes");
        return new CliContractTest.Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void theArchiveHoldsTheLauncherTheLibrariesTheDefaultModelAndTheLicence() {
        assertTrue(Files.isExecutable(home.resolve("bin/duet")));
        assertTrue(Files.isRegularFile(home.resolve("lib/duet-cli.jar")));
        assertTrue(Files.isRegularFile(home.resolve("models/default/model.safetensors")));
        assertTrue(Files.isRegularFile(home.resolve("LICENSE")));
        assertTrue(Files.isRegularFile(home.resolve("NOTICE")));
    }

    @Test
    void versionNamesTheBuildsVersion() throws Exception {
        CliContractTest.Result result = duet("--version");
        assertEquals(0, result.exit(), result.err());
        assertTrue(result.out().startsWith("duet " + Version.VALUE + "\n"), result.out());
        assertFalse(Files.exists(mavenMark), "the archive never builds");
    }

    @Test
    void tokenizeRunsWithTheShippedDefaultModel() throws Exception {
        CliContractTest.Result result = duet("tokenize", "--json", "a red circle");
        assertEquals(0, result.exit(), result.err());
        assertEquals("", result.err(), "the JVM's incubator notice is filtered");
        JsonNode pieces = new ObjectMapper().readTree(result.out()).get("items").get(0).get("tokens");
        assertEquals("red</w>", pieces.get(2).get("piece").asText());
        assertFalse(Files.exists(mavenMark), "the archive never builds");
    }

    @Test
    void embedRunsAgainstAModelDirectory() throws Exception {
        CliContractTest.Result result = duet("embed", "--model", CliContractTest.model(), "--text", "a red circle",
                "--image", CliContractTest.image(0), "--json");
        assertEquals(0, result.exit(), result.err());
        JsonNode json = new ObjectMapper().readTree(result.out());
        assertEquals(1, json.get("cosine_text_by_image").size(), result.out());
        assertFalse(Files.exists(mavenMark), "the archive never builds");
    }

    @Test
    void explainRunsWithoutTheSourceTree() throws Exception {
        CliContractTest.Result result = duet("explain", "--model", CliContractTest.model(), "--caption", "a red circle",
                "--image", CliContractTest.image(0), "--quadrature", "riemann", "--steps", "2", "--json", "-");
        assertEquals(0, result.exit(), result.err());
        JsonNode json = new ObjectMapper().readTree(result.out());
        assertEquals(Version.VALUE, json.get("duet_version").asText());
        assertEquals(5, json.get("interactions").size(), "BOS, three words, EOS");
        assertFalse(Files.exists(mavenMark), "the archive never builds");
    }
}
