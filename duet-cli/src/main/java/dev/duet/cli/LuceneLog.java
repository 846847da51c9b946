/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.cli;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Lucene logs through java.util.logging, at INFO, which vector implementation it chose; on the command line
 * only its warnings are shown, so that stderr keeps Duet's one-line messages and progress.
 */
final class LuceneLog {

    // held here: java.util.logging keeps loggers only weakly, and a collected logger would forget its level
    private static final Logger LUCENE = Logger.getLogger("org.apache.lucene");

    private LuceneLog() {
    }

    static void warningsOnly() {
        LUCENE.setLevel(Level.WARNING);
    }
}
