/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.world;

/**
 * How a world words its captions and picks its hard negatives.
 *
 * <ul>
 *   <li>{@link #SAMPLED}: each caption is drawn from the templates (one object, a pair, a relation,
 *   a count), so a caption often names only part of its scene and may fit other scenes too.</li>
 *   <li>{@link #EXHAUSTIVE}: the first caption lists every object of the scene ("a red square, a
 *   small blue circle and a green star") whenever each has a phrase of its own, so that it
 *   picks its scene out of many; and a hard negative's swapped colour or shape is, where one
 *   exists, an attribute of another object of the same scene ("a blue square and a red circle"
 *   becomes "a blue square and a blue circle"), so it can only be told apart by which object
 *   carries which attribute.</li>
 * </ul>
 */
public enum CaptionStyle {
    SAMPLED, EXHAUSTIVE
}
