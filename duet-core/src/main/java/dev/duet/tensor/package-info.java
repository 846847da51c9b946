/**
 * Dense float32 kernels and the threads they run on: {@link dev.duet.tensor.Gemm} (matrix
 * products, each fast path beside the plain {@link dev.duet.tensor.Gemm#reference} loop it is
 * tested against) and {@link dev.duet.tensor.Parallel} (the worker pool callers pass in).
 *
 * <p>Depends on the JDK only (including {@code jdk.incubator.vector}); every other Duet
 * package may depend on it.
 */
package dev.duet.tensor;
