package dev.duet.image;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * The facts of a PNG that decide PIL's mode, read from the chunks before the first IDAT:
 * IHDR's bit depth and colour type, and PLTE exactly as stored. (javax.imageio pads the
 * palette, which would hide where PIL's ramp entries start.)
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

    /** Reads up to the first IDAT chunk; throws IOException when the layout is not a PNG's. */
    static PngHeader read(InputStream stream) throws IOException {
        DataInputStream in = new DataInputStream(stream);
        if (in.readLong() != SIGNATURE) {
            throw new IOException("not a PNG signature");
        }
        if (in.readInt() != 13 || in.readInt() != IHDR) {
            throw new IOException("PNG does not start with a 13-byte IHDR chunk");
        }
        int width = in.readInt();
        int height = in.readInt();
        int bitDepth = in.readUnsignedByte();
        int colorType = in.readUnsignedByte();
        in.skipNBytes(3 + 4);
        byte[] palette = new byte[0];
        while (true) {
            long length = Integer.toUnsignedLong(in.readInt());
            int type = in.readInt();
            if (type == IDAT) {
                return new PngHeader(width, height, bitDepth, colorType, palette);
            }
            if (type == PLTE) {
                if (length % 3 != 0) {
                    throw new IOException("PLTE chunk length " + length + " is not a multiple of 3");
                }
                byte[] stored = in.readNBytes((int) Math.min(length, MAX_PALETTE_BYTES));
                if (stored.length < Math.min(length, MAX_PALETTE_BYTES)) {
                    throw new EOFException("PNG ends inside its PLTE chunk");
                }
                in.skipNBytes(length - stored.length + 4);
                palette = stored;
            } else {
                in.skipNBytes(length + 4);
            }
        }
    }

    /** PIL's convert("RGB") rule for this colour type and depth (PngImagePlugin's modes). */
    RgbConverter.Rule rule() {
        return switch (colorType) {
            case GRAY -> bitDepth == 16 ? RgbConverter.Rule.GRAY_16_CLAMPED : RgbConverter.Rule.GRAY;
            case GRAY_ALPHA -> RgbConverter.Rule.GRAY;
            case PALETTE -> RgbConverter.Rule.PALETTE;
            case RGB, RGB_ALPHA -> RgbConverter.Rule.RGB;
            default -> throw new IllegalArgumentException("unknown PNG colour type " + colorType);
        };
    }
}
