/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.spark;

import dev.duet.BadInputException;
import dev.duet.data.BadRecordPolicy;
import dev.duet.data.CocoGroundingReader;
import dev.duet.data.DatasetKind;
import dev.duet.data.DatasetSplit;
import dev.duet.data.FlickrEntitiesReader;
import dev.duet.data.GroundedImage;
import dev.duet.data.GroundingDataset;
import dev.duet.data.HncReader;
import dev.duet.data.RecordProblems;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A grounding data set on a file system that the driver and every executor see at the same path
 * (a shared mount): its kind, folder, split, the first {@code limit} images (null: all) and what
 * to do with a malformed record. The driver reads it to list the images; each executor JVM reads
 * it once ({@link #images()}) to find the captions and boxes of the images its tasks score, so
 * no annotation travels through Spark.
 */
public record GroundingSource(DatasetKind kind, String data, DatasetSplit split, Integer limit, BadRecordPolicy policy)
        implements Serializable {

    private static final Map<GroundingSource, List<GroundedImage>> READ = new ConcurrentHashMap<>();

    public GroundingSource {
        if (limit != null && limit < 1) {
            throw new BadInputException(null, "the image limit must be at least 1, got " + limit);
        }
    }

    /** The data set as {@code ./duet eval} reads it, reporting malformed records to {@code problems}. */
    public GroundingDataset read(RecordProblems problems) {
        Path folder = Path.of(data);
        GroundingDataset read = switch (kind) {
            case COCO -> CocoGroundingReader.readCoco(folder, split, problems);
            case SYNTHETIC -> CocoGroundingReader.readSynthetic(folder, problems);
            case FLICKR30K_ENTITIES -> FlickrEntitiesReader.read(folder, split, problems);
            case HNC -> HncReader.read(folder, split, problems);
        };
        return limit == null ? read : read.limit(limit);
    }

    /** This JVM's reading of the data set's images, read on first use. */
    List<GroundedImage> images() {
        return READ.computeIfAbsent(this, source -> source.read(new RecordProblems(policy)).images());
    }
}
