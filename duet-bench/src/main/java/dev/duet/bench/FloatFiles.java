/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Raw float32 little-endian files (numpy's {@code tofile} / {@code fromfile} with dtype {@code <f4}) and token ids
 * as one line of decimal numbers: how the benchmarks hand inputs and embeddings to a Python peer and back.
 */
public final class FloatFiles {

    private FloatFiles() {
    }

    public static void write(Path file, float[] values) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(Float.BYTES * values.length).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        Files.write(file, bytes.array());
    }

    public static float[] read(Path file) throws IOException {
        FloatBuffer floats = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        float[] values = new float[floats.remaining()];
        floats.get(values);
        return values;
    }

    public static void writeIds(Path file, int[] ids) throws IOException {
        Files.writeString(file, String.join(" ", Arrays.stream(ids).mapToObj(Integer::toString).toList()) + "\n");
    }

    public static int[] readIds(Path file) throws IOException {
        return Arrays.stream(Files.readString(file).trim().split(" ")).mapToInt(Integer::parseInt).toArray();
    }

    /** {@return the largest |a[i] - b[i]|} */
    public static double largestDifference(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("arrays of " + a.length + " and " + b.length + " values");
        }
        double largest = 0;
        for (int i = 0; i < a.length; i++) {
            largest = Math.max(largest, Math.abs(a[i] - b[i]));
        }
        return largest;
    }

    /** {@return the largest |value|} */
    public static double largestMagnitude(float[] values) {
        double largest = 0;
        for (float value : values) {
            largest = Math.max(largest, Math.abs(value));
        }
        return largest;
    }
}
