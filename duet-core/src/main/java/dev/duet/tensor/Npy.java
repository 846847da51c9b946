/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tensor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * NumPy's {@code .npy} format, version 1.0, for float32 arrays in C order: the magic string
 * {@code \x93NUMPY}, the version bytes 1 0, a little-endian uint16 header length, an ASCII
 * Python dict literal padded with spaces to a multiple of 64 bytes and ended by a newline, then
 * the data, little-endian ({@code '<f4'}), last index fastest.
 */
public final class Npy {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};
    private static final int PREAMBLE = MAGIC.length + 2;
    private static final int ALIGNMENT = 64;

    private Npy() {
    }

    /** The {@code .npy} bytes of {@code data} seen as an array of {@code shape} (whose product is data.length). */
    public static byte[] float32(float[] data, int... shape) {
        long elements = 1;
        for (int size : shape) {
            if (size < 0) {
                throw new IllegalArgumentException("negative size in shape " + Arrays.toString(shape));
            }
            elements = Math.multiplyExact(elements, size);
        }
        if (elements != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + elements
                    + " elements, the data " + data.length);
        }
        String dimensions = Arrays.stream(shape).mapToObj(Integer::toString).collect(Collectors.joining(", "));
        // a one-element tuple needs its trailing comma in Python: (5,)
        String tuple = "(" + dimensions + (shape.length == 1 ? ",)" : ")");
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': " + tuple + ", }";
        int padded = (PREAMBLE + dict.length() + 1 + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
        byte[] header = (dict + " ".repeat(padded - PREAMBLE - dict.length() - 1) + "\n").getBytes(StandardCharsets.US_ASCII);
        if (header.length > 0xFFFF) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs a header longer than .npy 1.0 allows");
        }
        ByteBuffer bytes = ByteBuffer.allocate(Math.addExact(PREAMBLE + header.length, Math.multiplyExact(data.length, Float.BYTES)))
                .order(ByteOrder.LITTLE_ENDIAN);
        bytes.put(MAGIC).putShort((short) header.length).put(header);
        bytes.asFloatBuffer().put(data);
        return bytes.array();
    }
}
