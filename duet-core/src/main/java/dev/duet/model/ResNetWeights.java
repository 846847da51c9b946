/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.model;

import dev.duet.model.layer.AttentionPool;
import dev.duet.model.layer.Bottleneck;
import dev.duet.model.layer.ResNetStem;

import java.util.List;

/** A ResNet image tower's parameters, held by its layers: the stem, the bottlenecks stage after stage, the attention pool. */
public record ResNetWeights(ResNetStem stem, List<Bottleneck> blocks, AttentionPool pool) implements ClipWeights.ImageWeights {

    public ResNetWeights {
        blocks = List.copyOf(blocks);
    }
}
