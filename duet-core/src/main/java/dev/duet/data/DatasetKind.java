/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.data;

import java.util.Locale;

/** The grounding data sets Duet reads; {@link #cliName()} is how options and summaries spell them. */
public enum DatasetKind {
    COCO, FLICKR30K_ENTITIES, HNC, SYNTHETIC;

    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
