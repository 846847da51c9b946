/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.data;

import java.util.Locale;
import java.util.Optional;

/** The phrase types of Flickr30k Entities' sentence markup ({@code [/EN#12/people ...]}). */
public enum FlickrEntityType {
    PEOPLE, CLOTHING, BODYPARTS, ANIMALS, VEHICLES, INSTRUMENTS, SCENE, OTHER, NOTVISUAL;

    public String markupName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<FlickrEntityType> fromMarkup(String name) {
        for (FlickrEntityType type : values()) {
            if (type.markupName().equals(name)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
