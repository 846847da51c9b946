/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.data;

import java.nio.file.Path;

/** The reader of each kind of grounding data set, behind one call. */
public final class GroundingReaders {

    private GroundingReaders() {
    }

    /** The {@code split} part of the {@code kind} data set in {@code dir}; a synthetic world has no splits and ignores it. */
    public static GroundingDataset read(DatasetKind kind, Path dir, DatasetSplit split, RecordProblems problems) {
        return switch (kind) {
            case COCO -> CocoGroundingReader.readCoco(dir, split, problems);
            case SYNTHETIC -> CocoGroundingReader.readSynthetic(dir, problems);
            case FLICKR30K_ENTITIES -> FlickrEntitiesReader.read(dir, split, problems);
            case HNC -> HncReader.read(dir, split, problems);
        };
    }
}
