/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.index;

import dev.duet.explain.Explainer;
import dev.duet.model.ClipModel;
import dev.duet.tensor.Parallel;
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

/** The README's DuetIndex example compiles and runs against an index of the repository's examples/ under Duet's default model. */
class ReadmeSnippetTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path directory;

    private static String snippet() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
        int section = readme.indexOf("\nFrom a service, `duet-index`");
        assertTrue(section >= 0, "README has the duet-index paragraph");
        int start = readme.indexOf("```java\n", section) + "```java\n".length();
        int end = readme.indexOf("```", start);
        assertTrue(start > section && end > start, "the paragraph is followed by a java block");
        return readme.substring(start, end);
    }

    @Test
    void theReadmeSnippetCompilesAndRuns() throws Exception {
        ClipModel model = ClipModel.load(ROOT.resolve("models/default"));
        try (Parallel parallel = Parallel.of(2)) {
            new IndexBuilder(model, Explainer.forModel(model, TestCorpus.options(), parallel), Precision.FLOAT32,
                    IndexBuilder.OnBadImage.FAIL, 32).build(ROOT.resolve("examples"), directory.resolve("examples.index"), progress -> { });
        }
        List<String> lines = snippet().lines().toList();
        StringBuilder source = new StringBuilder();
        lines.stream().filter(line -> line.startsWith("import ")).forEach(line -> source.append(line).append('\n'));
        source.append("public class ReadmeIndexSnippet {\n    public static void main(String[] args) throws Exception {\n");
        lines.stream().filter(line -> !line.startsWith("import ")).forEach(line -> source.append(line).append('\n'));
        source.append("    }\n}\n");
        Path classes = Files.createDirectories(directory.resolve("classes"));
        Path file = classes.resolve("ReadmeIndexSnippet.java");
        Files.writeString(file, source);

        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        String classPath = System.getProperty("java.class.path");
        int compiled = compiler.run(null, diagnostics, diagnostics, "-d", classes.toString(), "-cp", classPath, file.toString());
        assertEquals(0, compiled, diagnostics.toString(StandardCharsets.UTF_8) + "\n" + source);

        Process run = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                "-Djava.util.logging.config.file=/dev/null", "-cp", classes + java.io.File.pathSeparator + classPath,
                "ReadmeIndexSnippet").directory(directory.toFile()).redirectErrorStream(true).start();
        String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(run.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, run.exitValue(), output);
        String examples = ROOT.resolve("examples").toString();
        assertTrue(output.matches("(?s)(.*\n)?" + java.util.regex.Pattern.quote(examples + "/blue-rectangle-red-square.png")
                + " 0\\.\\d{3}, entries add up to within \\d\\.\\de-\\d\\d\n"
                + java.util.regex.Pattern.quote(examples + "/blue-circle-pink-circle.png")
                // a cosine: the second hit's may be below zero
                + " -?0\\.\\d{3}, entries add up to within \\d\\.\\de-\\d\\d\n"), output);
    }
}
