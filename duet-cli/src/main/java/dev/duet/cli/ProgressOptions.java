/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.cli;

import picocli.CommandLine.Option;

/** {@code --quiet} of the commands that report progress on stderr. */
final class ProgressOptions {

    @Option(names = "--quiet", description = "no progress on stderr")
    boolean quiet;
}
