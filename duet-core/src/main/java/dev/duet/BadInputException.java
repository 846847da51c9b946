/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet;

import java.nio.file.Path;

/**
 * A user's input (a checkpoint, a config, an image, a data set, an option) cannot be used.
 * The message is one line that names the file and the problem; the CLI prints it and exits
 * with code 2, never a stack trace.
 */
public class BadInputException extends RuntimeException {

    private final Path file;

    public BadInputException(Path file, String problem) {
        this(file, problem, null);
    }

    public BadInputException(Path file, String problem, Throwable cause) {
        super(file == null ? problem : file + ": " + problem, cause);
        this.file = file;
    }

    /** The offending file, or null when the problem is not tied to one (a bad option value). */
    public Path file() {
        return file;
    }
}
