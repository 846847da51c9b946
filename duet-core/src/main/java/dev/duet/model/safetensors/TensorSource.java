/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.model.safetensors;

import java.nio.file.Path;

/** Named, validated tensors of a checkpoint: one safetensors file, or the shards an index names. */
public interface TensorSource extends AutoCloseable {

    /** The file that names the tensors: the safetensors file itself, or the shards' index. */
    Path path();

    boolean contains(String name);

    /** The tensor's entry; a missing name is a {@link SafetensorsException.Reason#MISSING_TENSOR}. */
    TensorInfo info(String name);

    /** Reads a floating tensor widened to float32 (row-major), refusing NaN and infinities. */
    float[] readFloats(String name);

    /** As {@link #readFloats}, into {@code target[offset ..)}; returns the number of values read. */
    int readFloatsInto(String name, float[] target, int offset);

    @Override
    void close();
}
