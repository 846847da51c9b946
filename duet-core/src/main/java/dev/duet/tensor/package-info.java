/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * Dense float32 kernels and the threads they run on: {@link dev.duet.tensor.Gemm} (matrix
 * products of {@link dev.duet.tensor.Matrix} views, each fast path beside the plain
 * {@link dev.duet.tensor.Gemm#reference} loop it is tested against), {@link dev.duet.tensor.Parallel}
 * (the worker pool callers pass in), and the ops with their forward, tangent, cotangent and
 * backward side by side: {@code Linear}, {@code LayerNorm}, {@code Attention}, {@code Activation}.
 *
 * <p>One vocabulary of sizes, used in every shape comment of the engine and the layers:
 * B sequences in a batch; T rows of one sequence (tokens, or CLS and patches); Tq the query
 * rows of an attention call (all T, or the pooled row only); n = B*T and m = B*Tq rows;
 * D the width; H heads of width Dh = D/H; I the MLP's intermediate width; P the projection
 * (embedding) width; S directions (tangents) or cotangents carried at once. In GEMM terms a
 * product is [m][k] x [k][n] -> [m][n], and a weight stored [out][in] enters as its transpose.
 * Prefix {@code t} marks a tangent ({@code tX}, {@code tOut}), {@code d} a cotangent or gradient
 * ({@code dX}, {@code dWeight}); arguments go outputs, inputs, saved primal values, weights, sizes.
 *
 * <p>Depends on the JDK only (including {@code jdk.incubator.vector}); every other Duet
 * package may depend on it.
 */
package dev.duet.tensor;
