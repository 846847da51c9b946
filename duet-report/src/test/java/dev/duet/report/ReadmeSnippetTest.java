/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * README's "From Java" block, exactly as written (its imports first, the rest inside a main
 * method), compiled against duet-core and duet-report and run in a fresh JVM from a folder that
 * holds the repository's {@code models} and {@code examples} (links), as if from its root, so that
 * the heatmap it writes lands in the test's own folder.
 */
class ReadmeSnippetTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path directory;

    private static String snippet() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
        int section = readme.indexOf("\n## From Java\n");
        assertTrue(section >= 0, "README has a From Java section");
        int start = readme.indexOf("```java\n", section) + "```java\n".length();
        int end = readme.indexOf("```", start);
        assertTrue(start > section && end > start, "the section holds a java block");
        return readme.substring(start, end);
    }

    @Test
    void theReadmeSnippetCompilesAndRuns() throws Exception {
        List<String> lines = snippet().lines().toList();
        StringBuilder source = new StringBuilder();
        lines.stream().filter(line -> line.startsWith("import ")).forEach(line -> source.append(line).append('\n'));
        source.append("public class ReadmeSnippet {\n    public static void main(String[] args) throws Exception {\n");
        lines.stream().filter(line -> !line.startsWith("import ")).forEach(line -> source.append(line).append('\n'));
        source.append("    }\n}\n");
        Path file = directory.resolve("ReadmeSnippet.java");
        Files.writeString(file, source);

        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        String classPath = System.getProperty("java.class.path");
        int compiled = compiler.run(null, diagnostics, diagnostics, "-d", directory.toString(), "-cp", classPath, file.toString());
        assertEquals(0, compiled, diagnostics.toString(StandardCharsets.UTF_8) + "\n" + source);

        Path root = Files.createDirectory(directory.resolve("root"));
        for (String folder : List.of("models", "examples")) {
            Files.createSymbolicLink(root.resolve(folder), ROOT.resolve(folder));
        }
        Process run = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-cp", directory + java.io.File.pathSeparator + classPath, "ReadmeSnippet")
                .directory(root.toFile()).redirectErrorStream(true).start();
        String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(run.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, run.exitValue(), output);
        assertTrue(output.matches("(?s).*similarity 0\\.\\d{3}, entries add up to within \\d\\.\\de-\\d\\d\n"
                + "\"red square\" peaks at patch row [0-7], column [0-7]\n"), output);
        java.awt.image.BufferedImage heatmap = javax.imageio.ImageIO.read(root.resolve("red-square.png").toFile());
        assertTrue(heatmap != null && heatmap.getWidth() > 64 && heatmap.getHeight() > 64, "the heatmap is a picture");
    }
}
