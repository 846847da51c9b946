/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.image;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * The facts of a PNG that decide PIL's mode, read from the chunks before the first IDAT:
 * IHDR's bit depth and colour type, and PLTE exactly as stored. (javax.imageio pads the
 * palette, which would hide where PIL's ramp entries start.) Like PIL's {@code PngImageFile._open},
 * it verifies the CRC of every chunk before the first IDAT (javax.imageio checks none of them).
 *
 * @param paletteRgb the PLTE entries, 3 bytes each; empty when there is no PLTE
 */
record PngHeader(int width, int height, int bitDepth, int colorType, byte[] paletteRgb) {

    static final int GRAY = 0;
    static final int RGB = 2;
    static final int PALETTE = 3;
    static final int GRAY_ALPHA = 4;
    static final int RGB_ALPHA = 6;

    private static final long SIGNATURE = 0x89504E470D0A1A0AL;
    private static final int IHDR = 0x49484452;
    private static final int PLTE = 0x504C5445;
    private static final int IDAT = 0x49444154;
    private static final int MAX_PALETTE_BYTES = 256 * 3;

    /** Reads up to the first IDAT chunk; throws IOException when the layout is not a PNG's or a chunk fails its CRC. */
    static PngHeader read(InputStream stream) throws IOException {
        DataInputStream in = new DataInputStream(stream);
        if (in.readLong() != SIGNATURE) {
            throw new IOException("not a PNG signature");
        }
        if (in.readInt() != 13 || in.readInt() != IHDR) {
            throw new IOException("PNG does not start with a 13-byte IHDR chunk");
        }
        byte[] ihdr = in.readNBytes(13);
        if (ihdr.length < 13) {
            throw new EOFException("PNG ends inside its IHDR chunk");
        }
        CRC32 ihdrCrc = crcOf(IHDR);
        ihdrCrc.update(ihdr);
        checkCrc(in, IHDR, ihdrCrc);
        DataInputStream fields = new DataInputStream(new ByteArrayInputStream(ihdr));
        int width = fields.readInt();
        int height = fields.readInt();
        int bitDepth = fields.readUnsignedByte();
        int colorType = fields.readUnsignedByte();
        byte[] palette = new byte[0];
        while (true) {
            long length = Integer.toUnsignedLong(in.readInt());
            int type = in.readInt();
            if (type == IDAT) {
                return new PngHeader(width, height, bitDepth, colorType, palette);
            }
            if (type == PLTE && length % 3 != 0) {
                throw new IOException("PLTE chunk length " + length + " is not a multiple of 3");
            }
            CRC32 crc = crcOf(type);
            byte[] kept = new byte[0];
            byte[] buffer = new byte[8192];
            for (long left = length; left > 0; ) {
                int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (read < 0) {
                    throw new EOFException("PNG ends inside its " + chunkName(type) + " chunk");
                }
                crc.update(buffer, 0, read);
                if (type == PLTE && kept.length < MAX_PALETTE_BYTES) {
                    int keep = Math.min(read, MAX_PALETTE_BYTES - kept.length);
                    byte[] grown = Arrays.copyOf(kept, kept.length + keep);
                    System.arraycopy(buffer, 0, grown, kept.length, keep);
                    kept = grown;
                }
                left -= read;
            }
            checkCrc(in, type, crc);
            if (type == PLTE) {
                palette = kept;
            }
        }
    }

    /** The CRC of a chunk covers its type and its data. */
    private static CRC32 crcOf(int type) {
        CRC32 crc = new CRC32();
        crc.update(new byte[] {(byte) (type >>> 24), (byte) (type >>> 16), (byte) (type >>> 8), (byte) type});
        return crc;
    }

    /** Reads the stored CRC that follows a chunk's data and compares. */
    private static void checkCrc(DataInputStream in, int type, CRC32 crc) throws IOException {
        if (Integer.toUnsignedLong(in.readInt()) != crc.getValue()) {
            throw new IOException("PNG chunk " + chunkName(type) + " fails its CRC check (PIL refuses the file: broken PNG file)");
        }
    }

    /** The chunk type's four letters, anything outside printable ASCII as '?'. */
    private static String chunkName(int type) {
        StringBuilder name = new StringBuilder(4);
        for (int shift = 24; shift >= 0; shift -= 8) {
            int c = (type >>> shift) & 0xFF;
            name.append(c >= 0x21 && c <= 0x7E ? (char) c : '?');
        }
        return name.toString();
    }

    /** The mode Pillow 9.4 opens this colour type and depth in ({@code PngImagePlugin._MODES}; 16-bit grey is "I"). */
    PilMode mode() {
        return switch (colorType) {
            case GRAY -> switch (bitDepth) {
                case 1 -> PilMode.BILEVEL;
                case 16 -> PilMode.I;
                default -> PilMode.L;
            };
            case GRAY_ALPHA -> PilMode.LA;
            case PALETTE -> PilMode.P;
            case RGB -> PilMode.RGB;
            case RGB_ALPHA -> PilMode.RGBA;
            default -> throw new IllegalArgumentException("unknown PNG colour type " + colorType);
        };
    }
}
