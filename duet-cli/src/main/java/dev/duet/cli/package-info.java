/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * The {@code duet} command line (picocli): argument parsing (settings in their one spelling,
 * {@link dev.duet.Spelling}), output files written atomically, exit codes 0 ok, 1 failure, 2 usage
 * error or bad input. The work is the libraries': {@code train} checks its options, stages the
 * output folder and calls {@link dev.duet.train.TrainingRun}, then draws the curves from its rows. Depends on everything else; nothing depends on it.
 */
package dev.duet.cli;
