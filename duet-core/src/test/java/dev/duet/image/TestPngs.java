/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.image;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.DeflaterOutputStream;

/** Hand-built PNG files, so tests control colour type, bit depth and every chunk. */
final class TestPngs {

    private TestPngs() {
    }

    /** A PNG whose scanlines are {@code rows} (filter byte 0 is prepended), with extra chunks before IDAT. */
    static byte[] png(int width, int height, int bitDepth, int colorType, byte[][] rows, byte[]... chunks) {
        try {
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            try (DeflaterOutputStream deflate = new DeflaterOutputStream(raw)) {
                for (byte[] row : rows) {
                    deflate.write(0);
                    deflate.write(row);
                }
            }
            ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
            DataOutputStream header = new DataOutputStream(ihdr);
            header.writeInt(width);
            header.writeInt(height);
            header.write(new byte[] {(byte) bitDepth, (byte) colorType, 0, 0, 0});
            ByteArrayOutputStream file = new ByteArrayOutputStream();
            file.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
            file.write(chunk("IHDR", ihdr.toByteArray()));
            for (byte[] extra : chunks) {
                file.write(extra);
            }
            file.write(chunk("IDAT", raw.toByteArray()));
            file.write(chunk("IEND", new byte[0]));
            return file.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] chunk(String type, byte[] data) {
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DataOutputStream stream = new DataOutputStream(out);
        try {
            stream.writeInt(data.length);
            stream.write(name);
            stream.write(data);
            stream.writeInt((int) crc.getValue());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    /** Bytes from ints 0..255 (or 16-bit big-endian pairs written as two ints). */
    static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    /** 16-bit samples, big-endian as PNG stores them. */
    static byte[] shorts(int... values) {
        byte[] out = new byte[values.length * 2];
        for (int i = 0; i < values.length; i++) {
            out[2 * i] = (byte) (values[i] >> 8);
            out[2 * i + 1] = (byte) values[i];
        }
        return out;
    }
}
