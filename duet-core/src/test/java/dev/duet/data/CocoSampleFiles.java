/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A small valid data set in Duet's layout, written as JSON text by hand (not by
 * {@link CocoWriter}) so that reader tests do not depend on the writer: two images, two
 * categories, three instances, two grounded captions with one negative each.
 */
final class CocoSampleFiles {

    static final String CAPTIONS = """
            {"info": {"description": "sample", "seed": "7"},
             "images": [
               {"id": 1, "file_name": "a.png", "width": 64, "height": 48},
               {"id": 2, "file_name": "b.png", "width": 32, "height": 32}],
             "annotations": [
               {"id": 10, "image_id": 1, "caption": "a red circle left of a blue star",
                "duet_grounding": [{"instance_id": 100, "span": [2, 12]}, {"instance_id": 101, "span": [23, 32]}],
                "duet_negatives": [{"caption": "a red circle right of a blue star", "swap": "relation",
                                    "span": [13, 21], "replaced": "left of"}]},
               {"id": 11, "image_id": 2, "caption": "a small green square",
                "duet_grounding": [{"instance_id": 102, "span": [2, 20]}],
                "duet_negatives": [{"caption": "a small green heart", "swap": "shape", "span": [14, 19],
                                    "replaced": "square"}]}]}
            """;

    static final String INSTANCES = """
            {"info": {"description": "sample", "seed": "7"},
             "images": [
               {"id": 1, "file_name": "a.png", "width": 64, "height": 48},
               {"id": 2, "file_name": "b.png", "width": 32, "height": 32}],
             "annotations": [
               {"id": 100, "image_id": 1, "category_id": 1, "bbox": [2.5, 10, 20, 20], "area": 400, "iscrowd": 0,
                "duet_attributes": {"colour": "red", "size": "large"}},
               {"id": 101, "image_id": 1, "category_id": 2, "bbox": [40, 12, 20.25, 19], "area": 384.75, "iscrowd": 0},
               {"id": 102, "image_id": 2, "category_id": 2, "bbox": [0, 0, 32, 32], "area": 1024, "iscrowd": 0}],
             "categories": [{"id": 1, "name": "circle", "supercategory": "shape"},
                            {"id": 2, "name": "star", "supercategory": "shape"}]}
            """;

    private CocoSampleFiles() {
    }

    /** Writes the sample into {@code dir} (JSON files plus empty image files) and returns its files. */
    static CocoFiles write(Path dir, String captions, String instances) throws IOException {
        CocoFiles files = CocoFiles.duetLayout(dir);
        Files.createDirectories(files.imageRoot());
        Files.writeString(files.captions(), captions);
        Files.writeString(files.instances(), instances);
        Files.write(files.imageRoot().resolve("a.png"), new byte[] {1});
        Files.write(files.imageRoot().resolve("b.png"), new byte[] {2});
        return files;
    }
}
