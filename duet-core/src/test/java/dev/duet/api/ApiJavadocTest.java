/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.api;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.DocumentationTool;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The library API is documented: {@link Duet} and the public types of {@code model}, {@code explain},
 * {@code tokenizer} and {@code image} that its signatures, and theirs in turn, return or take (with the thread
 * pool the model's own methods take) pass the JDK's javadoc with every doclint check on ({@code -Xdoclint:all}):
 * a comment on each public type, method, constructor and record component, each parameter, return value and
 * declared exception, valid HTML and resolvable links.
 */
class ApiJavadocTest {

    /** The public API, as paths under {@code src/main/java}: what a Java program calling {@link Duet} meets. */
    static final List<String> API = List.of(
            "dev/duet/api/Duet.java",
            "dev/duet/api/package-info.java",
            "dev/duet/BadInputException.java",
            "dev/duet/explain/CaptionImageExplanation.java",
            "dev/duet/explain/Explanation.java",
            "dev/duet/explain/ExplainOptions.java",
            "dev/duet/explain/Completeness.java",
            "dev/duet/explain/PathIntegral.java",
            "dev/duet/explain/TextReference.java",
            "dev/duet/explain/Quadrature.java",
            "dev/duet/explain/Normalization.java",
            "dev/duet/explain/ImageReference.java",
            "dev/duet/explain/ImageMode.java",
            "dev/duet/explain/Explainer.java",
            "dev/duet/explain/Factor.java",
            "dev/duet/model/DualEncoder.java",
            "dev/duet/model/Score.java",
            "dev/duet/model/ModelFamily.java",
            "dev/duet/tokenizer/Tokenizer.java",
            "dev/duet/tokenizer/Encoding.java",
            "dev/duet/tokenizer/Token.java",
            "dev/duet/tokenizer/CaptionWords.java",
            "dev/duet/tokenizer/CaptionSpan.java",
            "dev/duet/image/ImagePreprocessor.java",
            "dev/duet/image/PreprocessedImage.java",
            "dev/duet/image/PreprocessingPipeline.java",
            "dev/duet/image/CropGeometry.java",
            "dev/duet/image/RgbImage.java",
            "dev/duet/image/ResizeTarget.java",
            "dev/duet/image/ResampleFilter.java",
            "dev/duet/image/PilMode.java",
            "dev/duet/image/PreprocessorConfig.java",
            "dev/duet/image/ImageDecoder.java",
            "dev/duet/image/DecodedImage.java",
            "dev/duet/explain/QuadratureRule.java",
            "dev/duet/model/TextEncoder.java",
            "dev/duet/model/ImageTower.java",
            "dev/duet/model/ClipConfig.java",
            "dev/duet/tensor/Parallel.java");

    @Test
    void everyPublicMemberOfTheApiIsDocumented(@TempDir Path out) throws Exception {
        Path sources = Path.of(System.getProperty("user.dir"), "src", "main", "java");
        DocumentationTool javadoc = ToolProvider.getSystemDocumentationTool();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javadoc.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            List<Path> api = API.stream().map(sources::resolve).toList();
            for (Path file : api) {
                assertTrue(Files.isRegularFile(file), file + " is part of the API list");
            }
            List<String> options = List.of("-Xdoclint:all", "-quiet", "-d", out.toString(), "-sourcepath", sources.toString(),
                    "-classpath", System.getProperty("java.class.path"), "--add-modules", "jdk.incubator.vector",
                    "-Xmaxwarns", "10000");
            StringWriter log = new StringWriter();
            boolean ran = javadoc.getTask(log, files, diagnostics, null, options, files.getJavaFileObjectsFromPaths(api)).call();
            // the one diagnostic without a source is the notice that jdk.incubator.vector is incubating
            List<String> problems = diagnostics.getDiagnostics().stream()
                    .filter(d -> d.getSource() != null && d.getKind() != Diagnostic.Kind.NOTE)
                    .map(d -> Path.of(d.getSource().toUri()).getFileName() + ":" + d.getLineNumber() + ": "
                            + d.getMessage(Locale.ROOT))
                    .toList();
            assertEquals(List.of(), problems, "javadoc -Xdoclint:all on the API\n" + log);
            assertTrue(ran, "javadoc failed:\n" + log);
        }
    }
}
