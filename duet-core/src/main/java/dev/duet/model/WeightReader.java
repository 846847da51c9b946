/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.model;

import dev.duet.model.safetensors.SafetensorsException;
import dev.duet.model.safetensors.TensorSource;
import dev.duet.model.safetensors.TensorInfo;

import java.util.Arrays;
import java.util.List;

/** Reads named tensors from a checkpoint, checking each one's shape against what the config implies. */
final class WeightReader {

    private final TensorSource file;

    WeightReader(TensorSource file) {
        this.file = file;
    }

    TensorSource file() {
        return file;
    }

    float[] read(String name, long... expectedShape) {
        requireShape(name, expectedShape);
        return file.readFloats(name);
    }

    /**
     * Tensors of one shape stacked into one array, [names.length * shape[0]][shape[1..]], each
     * read straight into its place (no copy of each part to be thrown away).
     */
    float[] readStacked(List<String> names, long... shape) {
        long partSize = 1;
        for (long dimension : shape) {
            partSize = Math.multiplyExact(partSize, dimension);
        }
        // every part is checked against the file's header before the array is allocated
        for (String name : names) {
            requireShape(name, shape);
        }
        float[] stacked = new float[Math.toIntExact(Math.multiplyExact(partSize, names.size()))];
        int at = 0;
        for (String name : names) {
            at += file.readFloatsInto(name, stacked, at);
        }
        return stacked;
    }

    private void requireShape(String name, long[] expectedShape) {
        TensorInfo info = file.info(name);
        if (!Arrays.equals(info.shape(), expectedShape)) {
            throw new SafetensorsException(file.path(), SafetensorsException.Reason.SIZE_MISMATCH,
                    "tensor '" + name + "' has shape " + info.shapeText() + " but the config implies "
                            + Arrays.toString(expectedShape));
        }
    }

    /** A scalar stored 0-dimensional (hub checkpoints) or with shape [1]. */
    float readScalar(String name) {
        TensorInfo info = file.info(name);
        if (info.elementCount() != 1) {
            throw new SafetensorsException(file.path(), SafetensorsException.Reason.SIZE_MISMATCH,
                    "tensor '" + name + "' should hold one value, has shape " + info.shapeText());
        }
        return file.readFloats(name)[0];
    }

    /** [rows][cols] -> [cols][rows]. */
    static float[] transpose(float[] matrix, int rows, int cols) {
        float[] transposed = new float[matrix.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                transposed[c * rows + r] = matrix[r * cols + c];
            }
        }
        return transposed;
    }
}
