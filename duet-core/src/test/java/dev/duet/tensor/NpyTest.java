/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tensor;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NpyTest {

    private static String header(byte[] npy) {
        int length = (npy[8] & 0xFF) | (npy[9] & 0xFF) << 8;
        return new String(npy, 10, length, StandardCharsets.US_ASCII);
    }

    @Test
    void aOneDimensionalShapeIsAPythonOneTuple() {
        byte[] npy = Npy.float32(new float[] {1, 2, 3}, 3);
        assertTrue(header(npy).contains("'shape': (3,), "), header(npy));
        assertEquals(128 + 12, npy.length, "the header pads to 128 bytes, as NumPy's own does");
    }

    @Test
    void theDataFollowsLittleEndian() {
        byte[] npy = Npy.float32(new float[] {1f}, 1, 1);
        // 1.0f is 0x3F800000: little-endian bytes 00 00 80 3F
        assertEquals(128 + 4, npy.length);
        assertEquals(0x00, npy[128] & 0xFF);
        assertEquals(0x00, npy[129] & 0xFF);
        assertEquals(0x80, npy[130] & 0xFF);
        assertEquals(0x3F, npy[131] & 0xFF);
    }

    @Test
    void aShapeThatDoesNotHoldTheDataIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Npy.float32(new float[6], 2, 2));
        assertThrows(IllegalArgumentException.class, () -> Npy.float32(new float[0], -1, 0));
    }
}
