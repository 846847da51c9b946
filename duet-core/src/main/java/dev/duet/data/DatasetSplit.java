/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.data;

import java.util.Locale;

/**
 * A part of a data set: {@link #TRAIN} is what {@code duet finetune} learns from, {@link #VAL} what
 * it and {@code duet eval} score by default, {@link #TEST} what a paper reports; {@link #cliName()}
 * is the spelling of files and options.
 */
public enum DatasetSplit {
    TRAIN, VAL, TEST;

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
