/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.model.safetensors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static dev.duet.model.safetensors.SafetensorsException.Reason;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One test per rule of the validating reader, a round trip through the writer, and a fuzz test. */
class SafetensorsFileTest {

    @TempDir
    Path directory;

    private Path raw(String header, byte[] data) throws IOException {
        byte[] headerBytes = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = ByteBuffer.allocate(8 + headerBytes.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(headerBytes.length).put(headerBytes).put(data);
        Path file = directory.resolve("model.safetensors");
        Files.write(file, buffer.array());
        return file;
    }

    private static Reason reasonOf(Path file) {
        SafetensorsException e = assertThrows(SafetensorsException.class, () -> {
            try (SafetensorsFile opened = SafetensorsFile.open(file)) {
                for (String name : opened.tensors().keySet()) {
                    opened.readFloats(name);
                }
            }
        });
        assertTrue(e.getMessage().startsWith(file.toString()), "message names the file: " + e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), "one line");
        return e.reason();
    }

    @Test
    void roundTripsF32F16AndReadsBf16() throws IOException {
        float[] values = {1f, -2.5f, 0.1f, 65504f, 1e-3f, 3f};
        Path f32 = directory.resolve("a.safetensors");
        new SafetensorsWriter().put("w", values, 2, 3).metadata("format", "pt").write(f32, DType.F32);
        try (SafetensorsFile file = SafetensorsFile.open(f32)) {
            assertArrayEquals(values, file.readFloats("w"));
            assertEquals("pt", file.metadata().get("format"));
        }
        Path f16 = directory.resolve("b.safetensors");
        new SafetensorsWriter().put("w", values, 6).write(f16, DType.F16);
        try (SafetensorsFile file = SafetensorsFile.open(f16)) {
            float[] read = file.readFloats("w");
            for (int i = 0; i < values.length; i++) {
                assertEquals(values[i], read[i], Math.abs(values[i]) * 1e-3);
            }
        }
        // bf16 of 1.0 is 0x3F80, of -2.0 is 0xC000
        Path bf16 = raw("{\"w\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[0,4]}}", new byte[] {(byte) 0x80, 0x3F, 0x00, (byte) 0xC0});
        try (SafetensorsFile file = SafetensorsFile.open(bf16)) {
            assertArrayEquals(new float[] {1f, -2f}, file.readFloats("w"));
        }
    }

    /** Stacking reads each tensor into its place; a target without room is refused before anything is written. */
    @Test
    void readsTensorsIntoOneArray() throws IOException {
        Path file = directory.resolve("stack.safetensors");
        new SafetensorsWriter().put("q", new float[] {1, 2}, 2).put("k", new float[] {3, 4}, 2).write(file, DType.F16);
        try (SafetensorsFile weights = SafetensorsFile.open(file)) {
            float[] stacked = {9, 9, 9, 9, 9};
            assertEquals(2, weights.readFloatsInto("q", stacked, 1));
            assertEquals(2, weights.readFloatsInto("k", stacked, 3));
            assertArrayEquals(new float[] {9, 1, 2, 3, 4}, stacked);
            assertThrows(IllegalArgumentException.class, () -> weights.readFloatsInto("q", stacked, 4));
            assertThrows(IllegalArgumentException.class, () -> weights.readFloatsInto("q", stacked, -1));
            assertArrayEquals(new float[] {9, 1, 2, 3, 4}, stacked);
        }
    }

    @Test
    void refusesTooSmallFile() throws IOException {
        Path file = directory.resolve("tiny.safetensors");
        Files.write(file, new byte[] {1, 2, 3});
        assertEquals(Reason.TOO_SMALL, reasonOf(file));
    }

    @Test
    void refusesHugeHeaderLength() throws IOException {
        Path file = directory.resolve("huge.safetensors");
        ByteBuffer buffer = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(Long.MAX_VALUE);
        Files.write(file, buffer.array());
        assertEquals(Reason.HEADER_TOO_LARGE, reasonOf(file));
    }

    @Test
    void refusesHeaderRunningPastTheFile() throws IOException {
        Path file = directory.resolve("cut.safetensors");
        ByteBuffer buffer = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1000);
        Files.write(file, buffer.array());
        assertEquals(Reason.HEADER_OUTSIDE_FILE, reasonOf(file));
    }

    @Test
    void refusesMalformedJson() throws IOException {
        assertEquals(Reason.HEADER_NOT_JSON, reasonOf(raw("{\"w\": [", new byte[0])));
        assertEquals(Reason.HEADER_NOT_JSON, reasonOf(raw("[1, 2]", new byte[0])));
    }

    @Test
    void refusesDuplicateNames() throws IOException {
        String entry = "{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}";
        assertEquals(Reason.DUPLICATE_NAME, reasonOf(raw("{\"w\":" + entry + ",\"w\":" + entry + "}", new byte[4])));
    }

    @Test
    void refusesBadEntries() throws IOException {
        assertEquals(Reason.BAD_ENTRY, reasonOf(raw("{\"w\":{\"dtype\":\"F32\",\"shape\":[1]}}", new byte[4])));
        assertEquals(Reason.BAD_ENTRY, reasonOf(raw("{\"w\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", new byte[4])));
        assertEquals(Reason.BAD_ENTRY, reasonOf(raw("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,0]}}", new byte[4])));
        assertEquals(Reason.BAD_ENTRY, reasonOf(raw("{\"__metadata__\":{\"a\":1}}", new byte[0])));
    }

    @Test
    void refusesUnknownDtype() throws IOException {
        assertEquals(Reason.UNKNOWN_DTYPE, reasonOf(raw("{\"w\":{\"dtype\":\"F8\",\"shape\":[1],\"data_offsets\":[0,1]}}", new byte[1])));
    }

    @Test
    void refusesShapeThatDisagreesWithByteLength() throws IOException {
        assertEquals(Reason.SIZE_MISMATCH, reasonOf(raw("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4]}}", new byte[4])));
        assertEquals(Reason.SIZE_MISMATCH, reasonOf(raw(
                "{\"w\":{\"dtype\":\"F32\",\"shape\":[4611686018427387904,4],\"data_offsets\":[0,4]}}", new byte[4])));
    }

    @Test
    void refusesOffsetsPastTheData() throws IOException {
        assertEquals(Reason.OFFSETS_OUTSIDE_DATA, reasonOf(raw("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", new byte[4])));
    }

    @Test
    void refusesOverlapGapsAndUncoveredData() throws IOException {
        String overlap = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}";
        assertEquals(Reason.OFFSETS_NOT_CONTIGUOUS, reasonOf(raw(overlap, new byte[12])));
        String gap = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}";
        assertEquals(Reason.OFFSETS_NOT_CONTIGUOUS, reasonOf(raw(gap, new byte[8])));
        String trailing = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}";
        assertEquals(Reason.OFFSETS_NOT_CONTIGUOUS, reasonOf(raw(trailing, new byte[8])));
    }

    @Test
    void refusesMissingTensorUnsupportedDtypeAndNonFiniteValues() throws IOException {
        Path file = raw("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[4]);
        try (SafetensorsFile opened = SafetensorsFile.open(file)) {
            assertEquals(Reason.MISSING_TENSOR, assertThrows(SafetensorsException.class, () -> opened.readFloats("v")).reason());
        }
        assertEquals(Reason.UNSUPPORTED_DTYPE, reasonOf(raw("{\"w\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]}}", new byte[8])));
        byte[] nan = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(Float.NaN).array();
        assertEquals(Reason.NON_FINITE, reasonOf(raw("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", nan)));
    }

    /**
     * A tensor of several of the reader's chunks (it widens and checks 16,384 values at a time) reads back
     * whole in every dtype, and a non-finite value in a later chunk is found and named by its element.
     */
    @Test
    void tensorsOfManyChunksReadWholeAndTheirLastChunksAreChecked() throws IOException {
        int length = 3 * 16_384 + 5;
        float[] values = new float[length];
        for (int i = 0; i < length; i++) {
            values[i] = (i % 256) - 128;   // exact in F16 and BF16 as in F32
        }
        for (DType dtype : new DType[] {DType.F32, DType.F16}) {
            Path file = directory.resolve("long-" + dtype + ".safetensors");
            new SafetensorsWriter().put("w", values, length).write(file, dtype);
            try (SafetensorsFile opened = SafetensorsFile.open(file)) {
                assertArrayEquals(values, opened.readFloats("w"), dtype.toString());
            }
        }
        // BF16: the upper half of each float32
        ByteBuffer halves = ByteBuffer.allocate(2 * length).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : values) {
            halves.putShort((short) (Float.floatToRawIntBits(value) >>> 16));
        }
        try (SafetensorsFile opened = SafetensorsFile.open(raw("{\"w\":{\"dtype\":\"BF16\",\"shape\":[" + length
                + "],\"data_offsets\":[0," + 2 * length + "]}}", halves.array()))) {
            assertArrayEquals(values, opened.readFloats("w"), "BF16");
        }
        int bad = 2 * 16_384 + 7;
        ByteBuffer data = ByteBuffer.allocate(4 * length).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < length; i++) {
            data.putFloat(i == bad ? Float.POSITIVE_INFINITY : values[i]);
        }
        Path file = raw("{\"w\":{\"dtype\":\"F32\",\"shape\":[" + length + "],\"data_offsets\":[0," + 4 * length + "]}}",
                data.array());
        try (SafetensorsFile opened = SafetensorsFile.open(file)) {
            SafetensorsException refused = assertThrows(SafetensorsException.class, () -> opened.readFloats("w"));
            assertEquals(Reason.NON_FINITE, refused.reason());
            assertTrue(refused.getMessage().contains("element " + bad), refused.getMessage());
        }
    }

    /** Random byte flips and truncations of a valid file: only SafetensorsException may come out. */
    @Test
    void fuzzedFilesFailCleanly() throws IOException {
        Path valid = directory.resolve("valid.safetensors");
        new SafetensorsWriter().put("a", new float[] {1, 2, 3, 4}, 2, 2).put("b", new float[] {5, 6}, 2).write(valid, DType.F32);
        byte[] original = Files.readAllBytes(valid);
        Random random = new Random(7);
        Path mutated = directory.resolve("mutated.safetensors");
        for (int trial = 0; trial < 2000; trial++) {
            byte[] bytes = random.nextInt(4) == 0
                    ? java.util.Arrays.copyOf(original, random.nextInt(original.length))
                    : original.clone();
            int flips = 1 + random.nextInt(4);
            for (int f = 0; f < flips && bytes.length > 0; f++) {
                bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            }
            Files.write(mutated, bytes);
            try (SafetensorsFile file = SafetensorsFile.open(mutated)) {
                for (String name : file.tensors().keySet()) {
                    file.readFloats(name);
                }
            } catch (SafetensorsException expected) {
                assertTrue(expected.getMessage().startsWith(mutated.toString()));
            }
        }
    }
}
