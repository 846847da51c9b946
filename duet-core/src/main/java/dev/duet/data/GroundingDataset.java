/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.data;

import java.util.List;

/**
 * A grounding data set as the evaluation harness sees it, whatever its format: images in a
 * fixed order with their captions, phrases and contrasts, and what the reader left out
 * ({@code skipped} records and the first reasons, under {@link BadRecordPolicy#SKIP}).
 */
public record GroundingDataset(DatasetKind kind, List<GroundedImage> images, int skipped, List<String> firstSkipReasons) {

    public GroundingDataset {
        images = List.copyOf(images);
        firstSkipReasons = List.copyOf(firstSkipReasons);
    }

    public GroundingDataset(DatasetKind kind, List<GroundedImage> images, RecordProblems problems) {
        this(kind, images, problems.skipped(), problems.firstReasons());
    }

    /** The first {@code count} images (all when there are fewer). */
    public GroundingDataset limit(int count) {
        return count >= images.size() ? this : new GroundingDataset(kind, images.subList(0, count), skipped, firstSkipReasons);
    }
}
