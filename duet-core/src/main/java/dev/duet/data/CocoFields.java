/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.data;

/** JSON key names shared by the reader and the writer; {@code duet_*} keys are Duet's extension. */
final class CocoFields {

    static final String INFO = "info";
    static final String IMAGES = "images";
    static final String ANNOTATIONS = "annotations";
    static final String CATEGORIES = "categories";

    static final String ID = "id";
    static final String FILE_NAME = "file_name";
    static final String WIDTH = "width";
    static final String HEIGHT = "height";
    static final String IMAGE_ID = "image_id";
    static final String CATEGORY_ID = "category_id";
    static final String BBOX = "bbox";
    static final String AREA = "area";
    static final String ISCROWD = "iscrowd";
    static final String CAPTION = "caption";
    static final String NAME = "name";
    static final String SUPERCATEGORY = "supercategory";

    static final String GROUNDING = "duet_grounding";
    static final String NEGATIVES = "duet_negatives";
    static final String ATTRIBUTES = "duet_attributes";
    static final String INSTANCE_ID = "instance_id";
    static final String SPAN = "span";
    static final String SWAP = "swap";
    static final String REPLACED = "replaced";

    private CocoFields() {
    }
}
