/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.world;

import dev.duet.data.HardNegative;

import java.util.List;

/** A true caption of a scene, the objects its phrases name, and hard negatives built from it. */
public record SceneCaption(String text, List<Mention> mentions, List<HardNegative> negatives) {

    public SceneCaption {
        mentions = List.copyOf(mentions);
        negatives = List.copyOf(negatives);
    }
}
