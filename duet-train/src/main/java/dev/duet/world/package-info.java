/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * Duet's synthetic grounded world: seeded scenes of a few coloured shapes on textured
 * backgrounds, with captions that name objects by attributes, counts and spatial relations,
 * the box and character span of every mentioned object, and hard negatives that swap one
 * word and are false for the scene. {@link dev.duet.world.SceneGenerator} yields scenes in
 * memory; {@link dev.duet.world.WorldGenerator} writes them as a COCO data set with Duet's
 * grounding extension. The vocabulary is a {@link dev.duet.world.WorldSpec}, so that a
 * shifted world (new colours or shapes) can be generated for fine-tuning.
 *
 * <p>Depends on {@code dev.duet.data} (boxes, spans, the COCO writer), {@code dev.duet.tensor}
 * (the worker pool), {@code dev.duet.image} (the patch grid a {@link dev.duet.world.Phrase}
 * covers) and Java2D for drawing.
 */
package dev.duet.world;
