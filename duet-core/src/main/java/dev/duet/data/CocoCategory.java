/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.data;

/** An object class of the instances file; {@code supercategory} is empty when the file has none. */
public record CocoCategory(long id, String name, String supercategory) {

    public CocoCategory {
        if (name == null || supercategory == null) {
            throw new IllegalArgumentException("category name and supercategory must not be null");
        }
    }
}
