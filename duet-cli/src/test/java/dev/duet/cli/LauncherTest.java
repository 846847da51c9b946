/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The launcher {@code ./duet} picks its JDK as README says (DUET_JAVA_HOME, then JAVA_HOME,
 * then java on the PATH, the first of version 25 or newer), replaces itself with the JVM and
 * filters the JVM's incubator notice. Fake JDKs whose {@code java} reports how it was called
 * stand in for real ones; the launcher runs from a copy beside a built jar, so it never builds, and beside
 * that jar's start-up cache unless a test says otherwise.
 */
class LauncherTest {

    private static final String SYSTEM_PATH = "/usr/bin:/bin";

    @TempDir
    Path directory;

    private Path launcher;
    private Path cache;

    record Run(int exit, String out, String err, long pid) {
    }

    @BeforeEach
    void copyTheLauncherBesideABuiltJar() throws IOException {
        Path root = Files.createDirectories(directory.resolve("duet"));
        launcher = root.resolve("duet");
        Files.copy(Path.of("..", "duet"), launcher);
        executable(launcher);
        Path target = Files.createDirectories(root.resolve("duet-cli/target"));
        Files.writeString(target.resolve("duet-cli.jar"), "");
        // a start-up cache prepared for this jar, so that the launcher only passes it on
        FileTime built = Files.getLastModifiedTime(target.resolve("duet-cli.jar"));
        cache = target.resolve("duet.aot");
        Files.writeString(cache, "");
        Files.writeString(target.resolve("duet.aot.tried"), "");
        Files.setLastModifiedTime(cache, FileTime.fromMillis(built.toMillis() + 10_000));
        Files.setLastModifiedTime(target.resolve("duet.aot.tried"), FileTime.fromMillis(built.toMillis() + 10_000));
    }

    /** A JDK whose java prints its name, its process id and its arguments, then exits with {@code exit}. */
    private Path fakeJdk(String name, String releaseVersion, String versionOutput, int exit) throws IOException {
        Path home = Files.createDirectories(directory.resolve(name));
        if (releaseVersion != null) {
            Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"fake\"\nJAVA_VERSION=\"" + releaseVersion + "\"\n");
        }
        Path java = Files.createDirectories(home.resolve("bin")).resolve("java");
        Files.writeString(java, """
                #!/bin/sh
                if [ "$1" = "-version" ]; then echo '%s' >&2; exit 0; fi
                echo "$*" >> "$(dirname "$0")/calls"
                echo "%s pid=$$ $*"
                echo 'WARNING: Using incubator modules: jdk.incubator.vector' >&2
                echo 'duet: a message of its own' >&2
                exit %d
                """.formatted(versionOutput, name, exit));
        executable(java);
        return home;
    }

    /** A folder holding only a {@code java} link to the given JDK's, to put first on the PATH. */
    private Path pathWithJava(Path jdk) throws IOException {
        Path bin = Files.createDirectories(directory.resolve("path-" + jdk.getFileName()));
        Files.createSymbolicLink(bin.resolve("java"), jdk.resolve("bin/java"));
        return bin;
    }

    private Run run(Map<String, String> environment) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(launcher.toString(), "tokenize", "a red circle");
        builder.environment().clear();
        builder.environment().put("PATH", SYSTEM_PATH);
        builder.environment().putAll(environment);
        // standard error goes to a file: the launcher's filter (grep) may still write after the JVM it
        // exec'd has exited, and a pipe of this process is closed by the JDK as soon as the child exits
        Path errFile = Files.createTempFile(directory, "stderr", ".txt");
        builder.redirectError(errFile.toFile());
        Process process = builder.start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the launcher finishes");
        return new Run(process.exitValue(), out, settled(errFile), process.pid());
    }

    /** The file's text once it has stopped growing for half a second (at most ten seconds after the launcher's exit). */
    private static String settled(Path file) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        long size = -1;
        long stableSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            long now = Files.size(file);
            if (now != size) {
                size = now;
                stableSince = System.nanoTime();
            } else if (System.nanoTime() - stableSince > TimeUnit.MILLISECONDS.toNanos(500)) {
                break;
            }
            Thread.sleep(20);
        }
        return Files.readString(file);
    }

    @Test
    void javaHomeOfVersion25IsUsedAndReplacesTheLauncher() throws Exception {
        Path jdk = fakeJdk("jdk25", "25.0.1", "", 0);
        Run run = run(Map.of("JAVA_HOME", jdk.toString()));
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().startsWith("jdk25 pid=" + run.pid() + " "), "exec: the JVM has the launcher's process id: " + run.out());
        assertTrue(run.out().contains("-Dduet.home=" + launcher.getParent()), run.out());
        assertTrue(run.out().contains("dev.duet.cli.DuetCommand tokenize a red circle"), run.out());
        assertTrue(run.out().contains("-XX:AOTCache=" + cache), "the start-up cache: " + run.out());
    }

    /**
     * After a build (the jar newer than the cache's stamp) the launcher prepares the start-up cache once: one run
     * of the README's example that writes an AOT cache, then the command. A cache that was not made is not passed
     * on, a stale one is removed, and the next run does not try again.
     */
    @Test
    void afterABuildTheStartUpCacheIsPreparedOnce() throws Exception {
        Path jar = launcher.getParent().resolve("duet-cli/target/duet-cli.jar");
        FileTime before = FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() - 10_000);
        Files.setLastModifiedTime(cache, before);
        Files.setLastModifiedTime(cache.resolveSibling("duet.aot.tried"), before);
        Path jdk = fakeJdk("jdk25", "25.0.1", "", 0);
        Run first = run(Map.of("JAVA_HOME", jdk.toString()));
        assertEquals(0, first.exit(), first.err());
        assertEquals("duet: preparing the start-up cache (once per build)...\nduet: a message of its own\n", first.err());
        List<String> calls = Files.readAllLines(jdk.resolve("bin/calls"));
        assertEquals(2, calls.size(), calls.toString());
        assertTrue(calls.get(0).contains("-XX:AOTCacheOutput=") && calls.get(0).contains("DuetCommand explain "), calls.get(0));
        assertTrue(calls.get(1).endsWith("DuetCommand tokenize a red circle"), calls.get(1));
        assertFalse(first.out().contains("AOTCache"), "the fake JDK made no cache, so none is passed: " + first.out());
        assertFalse(Files.exists(cache), "the stale cache is gone");
        try (Stream<Path> left = Files.list(cache.getParent())) {
            assertEquals(List.of("duet-cli.jar", "duet.aot.tried"), left.map(p -> p.getFileName().toString()).sorted().toList(),
                    "no scratch folder left");
        }

        Run second = run(Map.of("JAVA_HOME", jdk.toString()));
        assertEquals("duet: a message of its own\n", second.err(), "tried once per build");
    }

    @Test
    void theIncubatorNoticeIsDroppedAndEverythingElseOnStandardErrorKept() throws Exception {
        Run run = run(Map.of("JAVA_HOME", fakeJdk("jdk25", "25", "", 0).toString()));
        assertEquals("duet: a message of its own\n", run.err());
    }

    @Test
    void theJvmsExitCodeIsTheLaunchers() throws Exception {
        Run run = run(Map.of("JAVA_HOME", fakeJdk("jdk25", "25.0.1", "", 2).toString()));
        assertEquals(2, run.exit());
    }

    @Test
    void duetJavaHomeComesBeforeJavaHome() throws Exception {
        Run run = run(Map.of("DUET_JAVA_HOME", fakeJdk("duet26", "26", "", 0).toString(),
                "JAVA_HOME", fakeJdk("jdk25", "25.0.1", "", 0).toString()));
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().startsWith("duet26 "), run.out());
    }

    @Test
    void anOldDuetJavaHomeIsRefusedNotPassedOver() throws Exception {
        Run run = run(Map.of("DUET_JAVA_HOME", fakeJdk("jdk17", "17.0.9", "", 0).toString(),
                "JAVA_HOME", fakeJdk("jdk25", "25.0.1", "", 0).toString()));
        assertEquals(1, run.exit());
        assertEquals("", run.out());
        assertTrue(run.err().contains("is JDK 17; Duet needs JDK 25 or newer"), run.err());
    }

    @Test
    void anOldJavaHomeGivesWayToJavaOnThePath() throws Exception {
        Path path = pathWithJava(fakeJdk("jdk25", "25.0.1", "", 0));
        Run run = run(Map.of("JAVA_HOME", fakeJdk("jdk17", "17.0.9", "", 0).toString(), "PATH", path + ":" + SYSTEM_PATH));
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().startsWith("jdk25 "), run.out());
    }

    @Test
    void withoutAReleaseFileTheVersionComesFromJavaItself() throws Exception {
        Path path = pathWithJava(fakeJdk("jdk26ea", null, "openjdk version \"26-ea\" 2026-09-15", 0));
        Run run = run(Map.of("PATH", path + ":" + SYSTEM_PATH));
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().startsWith("jdk26ea "), run.out());
    }

    @Test
    void noJdk25SaysWhichJdkIsNeededAndWhatWasFound() throws Exception {
        Path java17 = fakeJdk("jdk17", "17.0.9", "", 0);
        Path old = pathWithJava(fakeJdk("jdk8", null, "java version \"1.8.0_402\"", 0));
        Run run = run(Map.of("JAVA_HOME", java17.toString(), "PATH", old + ":" + SYSTEM_PATH));
        assertEquals(1, run.exit());
        assertEquals("", run.out());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().startsWith("duet: needs JDK 25 or newer"), run.err());
        assertTrue(run.err().contains("JAVA_HOME=" + java17 + " is version 17"), run.err());
        assertTrue(run.err().contains("is version 8"), run.err());
        assertFalse(run.err().contains("Exception"), run.err());
    }

    private static void executable(Path file) throws IOException {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
