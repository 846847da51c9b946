/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.explain;

/**
 * How the image side of {@code A = U^T V} is computed for one explanation.
 *
 * <p>Forward mode pushes one tangent per image row (197 for ViT-B/16) through every block above
 * the cut; reverse mode pulls one cotangent per caption row of U (about ten) back through them
 * and never forms V. Both give the same A up to rounding. Above two or more blocks every forward
 * tangent spans the whole sequence, so reverse mode costs a small fraction of forward mode's work
 * whenever the caption has fewer rows than the image; at the last block both are cheap, and
 * reverse mode still does less work because the gradients of keys and values have rank one there
 * (docs/method.md §7 and §8; the counts are in BENCHMARKS.md, "Attributions").
 */
public enum ImageMode {
    /** reverse mode when U has fewer rows than the image has (every caption against ViT-B/16's 197) */
    AUTO,
    /** V by forward-mode tangents: a factor that can be cached and reused against other captions */
    FORWARD,
    /** vector-Jacobian products of U's rows: no V, much cheaper deep in the tower */
    REVERSE
}
