/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.data;

import java.nio.file.Path;

/**
 * Where a data set lives: a captions file and an instances file (either may be null, not
 * both) and the folder that image file names are relative to.
 */
public record CocoFiles(Path captions, Path instances, Path imageRoot) {

    public static final String DUET_CAPTIONS = "captions.json";
    public static final String DUET_INSTANCES = "instances.json";
    public static final String DUET_IMAGES = "images";

    public CocoFiles {
        if (captions == null && instances == null) {
            throw new IllegalArgumentException("a data set needs a captions file, an instances file or both");
        }
        if (imageRoot == null) {
            throw new IllegalArgumentException("a data set needs an image folder");
        }
    }

    /** Duet's layout: {@code dir/captions.json}, {@code dir/instances.json}, {@code dir/images/}. */
    public static CocoFiles duetLayout(Path dir) {
        return new CocoFiles(dir.resolve(DUET_CAPTIONS), dir.resolve(DUET_INSTANCES), dir.resolve(DUET_IMAGES));
    }

    /**
     * COCO's download layout for a split such as {@code val2017}:
     * {@code root/annotations/captions_val2017.json}, {@code root/annotations/instances_val2017.json},
     * images in {@code root/val2017/}.
     */
    public static CocoFiles cocoLayout(Path root, String split) {
        Path annotations = root.resolve("annotations");
        return new CocoFiles(annotations.resolve("captions_" + split + ".json"),
                annotations.resolve("instances_" + split + ".json"), root.resolve(split));
    }
}
