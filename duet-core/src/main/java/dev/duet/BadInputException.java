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

    /** The offending file, or null. */
    private final transient Path file;

    /**
     * An input that cannot be used.
     *
     * @param file    the offending file, or null when the problem is not tied to one (a bad option value)
     * @param problem what is wrong, in the user's terms, on one line
     */
    public BadInputException(Path file, String problem) {
        this(file, problem, null);
    }

    /**
     * An input that cannot be used, because of {@code cause} (an I/O or parse failure).
     *
     * @param file    the offending file, or null when the problem is not tied to one
     * @param problem what is wrong, in the user's terms, on one line
     * @param cause   the failure behind it, or null
     */
    public BadInputException(Path file, String problem, Throwable cause) {
        super(file == null ? problem : file + ": " + problem, cause);
        this.file = file;
    }

    /** {@return the offending file, or null when the problem is not tied to one (a bad option value)} */
    public Path file() {
        return file;
    }
}
