/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every Java and Python source of the repository starts with the licence header (Apache-2.0 as an
 * SPDX identifier, after a script's shebang line), so that a file copied out of the project still
 * says under which terms.
 */
class LicenceHeaderTest {

    private static final String JAVA_HEADER = "/*\n * Copyright 2026 the Duet authors\n * SPDX-License-Identifier: Apache-2.0\n */\n";
    private static final String PYTHON_HEADER = "# Copyright 2026 the Duet authors\n# SPDX-License-Identifier: Apache-2.0\n";

    @Test
    void everySourceFileCarriesTheHeader() throws IOException {
        Path root = Path.of(System.getProperty("user.dir")).getParent();
        assertTrue(Files.isRegularFile(root.resolve("LICENSE")), "the repository root holds LICENSE: " + root);
        List<Path> sources;
        try (Stream<Path> files = Files.walk(root)) {
            sources = files.filter(Files::isRegularFile)
                    .filter(file -> !isBuildOutputOrHidden(root.relativize(file)))
                    .filter(file -> file.toString().endsWith(".java") || file.toString().endsWith(".py"))
                    .toList();
        }
        assertTrue(sources.size() > 500, "found the sources: " + sources.size());
        List<Path> missing = sources.stream().filter(file -> !hasHeader(file)).toList();
        assertEquals(List.of(), missing, "files without the licence header");
    }

    private static boolean isBuildOutputOrHidden(Path relative) {
        for (Path part : relative) {
            String name = part.toString();
            if (name.equals("target") || name.startsWith(".") || name.equals("bench-out") || name.equals("runs")) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasHeader(Path file) {
        try {
            String text = Files.readString(file);
            if (file.toString().endsWith(".java")) {
                return text.startsWith(JAVA_HEADER);
            }
            String body = text.startsWith("#!") ? text.substring(text.indexOf('\n') + 1) : text;
            return body.startsWith(PYTHON_HEADER);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }
}
