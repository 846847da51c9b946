/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tensor;

import java.util.EnumMap;

/**
 * Per-thread float arrays for the intermediates of the derivative rules, reused from call to
 * call. An explanation runs every block's tangent or cotangent rule once per quadrature node,
 * and a training step every block's gradient rule; fresh arrays for their intermediates came to
 * about 0.7 GB of allocation per explanation of the default model (JFR) and several hundred
 * megabytes per training step: memory that is new to the caches, zeroed, and then collected. A
 * reused array stays warm.
 *
 * <p>Each {@link Role} names one intermediate. An array handed out for a role is the calling
 * thread's until that thread asks for the same role again, so a rule may use it only until it
 * returns, never hand it to its caller, and never ask twice for one role while the first array
 * is in use. Arrays are at least as long as asked (they only grow), so callers pass lengths
 * explicitly and never read {@code length}. A thread keeps the largest array of each role it has
 * needed for as long as it lives: for the engines' chunked passes, at most a chunk's
 * intermediates (FactorEngine.MAX_CHUNK_FLOATS), which one call held at once before.
 */
public final class Scratch {

    /** The intermediates that have an array of their own. */
    public enum Role {
        /** A LayerNorm's output tangent or the cotangent of its output [S][T][D]. */
        NORMALIZED,
        /** Tangents or cotangents of the fused Q/K/V projection [S][T][3D]. */
        QKV,
        /** Tangents or cotangents of the attention output before out_proj [S][Tq][D]. */
        ATTENDED,
        /** Tangents or cotangents of the state after attention [S][Tq][D]. */
        RESIDUAL,
        /** Tangents or cotangents of the MLP's hidden layer [S][Tq][I]. */
        HIDDEN,
        /** The cotangent of LN1's output [S][T][D]. */
        NORMALIZED_INPUT,
        /** Score gradients of the low-rank attention cotangent [S][H][Tq][T]. */
        SCORES,
        /** Per-head products shared by a low-rank attention cotangent's directions [H][Tq][D]. */
        KEY_SHARE,
        /** Per-direction products of a low-rank attention cotangent [H][Tq][D]. */
        VALUE_SHARE,
        /** Query cotangents of one direction of a low-rank attention cotangent [Tq][D]. */
        QUERY,
        /** An activation's derivatives at its primal inputs [Tq][I]. */
        SLOPE,
        /** Score tangents or gradients of one attention head [Tq][T]. */
        HEAD_SCORES,
        /** The gradient of the query rows' state when a block computes only some rows [B*Tq][D]. */
        STATE,
        /** A LayerNorm's output rebuilt for its weights' gradients [B*T][D]. */
        LAYER_NORM_OUTPUT,
        /** The gradient of a block's input through LN1, before it joins the residual [B*T][D]. */
        INPUT
    }

    private static final ThreadLocal<Scratch> PER_THREAD = ThreadLocal.withInitial(Scratch::new);

    private final EnumMap<Role, float[]> arrays = new EnumMap<>(Role.class);

    private Scratch() {
    }

    /** The calling thread's array for {@code role}, at least {@code length} long; its contents are left over. */
    public static float[] floats(Role role, int length) {
        Scratch scratch = PER_THREAD.get();
        float[] array = scratch.arrays.get(role);
        if (array == null || array.length < length) {
            array = new float[length];
            scratch.arrays.put(role, array);
        }
        return array;
    }
}
