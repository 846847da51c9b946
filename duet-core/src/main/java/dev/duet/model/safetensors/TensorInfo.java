/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.model.safetensors;

import java.util.Arrays;

/** One entry of a safetensors header: its element type, shape and byte range inside the data section. */
public record TensorInfo(String name, DType dtype, long[] shape, long begin, long end) {

    public long elementCount() {
        long count = 1;
        for (long dimension : shape) {
            count = Math.multiplyExact(count, dimension);
        }
        return count;
    }

    public String shapeText() {
        return Arrays.toString(shape);
    }
}
