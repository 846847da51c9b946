/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.image;

import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageInputStreamImpl;
import java.io.IOException;

/**
 * An image input that lets a decoder find the end of its data a bounded number of times. Some
 * decoders catch the end-of-file exception and go on reading: TwelveMonkeys' lossless WebP bit
 * reader does, and a 519-byte file found by fuzzing (docs/reliability.md) then loops for ever
 * in its Huffman table reader. Past {@link #MAX_READS_PAST_END} reads at the end this input
 * throws an unchecked {@link ReadPastTheEnd}, which the decoder does not catch, and
 * {@link ImageDecoder} reports the file as damaged.
 */
final class EndGuardedImageInput extends ImageInputStreamImpl {

    /** Reads at the end a well-formed file never comes near; a looping decoder passes it in microseconds. */
    static final int MAX_READS_PAST_END = 1024;

    /** The decoder kept reading after the data ended. */
    static final class ReadPastTheEnd extends IllegalStateException {
        ReadPastTheEnd() {
            super("the decoder kept reading past the end of the data (" + MAX_READS_PAST_END
                    + " times): a damaged or hostile file");
        }
    }

    private final ImageInputStream input;
    private int readsPastEnd;

    EndGuardedImageInput(ImageInputStream input) {
        this.input = input;
    }

    @Override
    public int read() throws IOException {
        int value = counted(input.read());
        if (value >= 0) {
            streamPos++;
        }
        return value;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int read = counted(input.read(buffer, offset, length));
        if (read > 0) {
            streamPos += read;
        }
        return read;
    }

    private int counted(int result) {
        if (result < 0 && ++readsPastEnd > MAX_READS_PAST_END) {
            throw new ReadPastTheEnd();
        }
        return result;
    }

    @Override
    public void seek(long position) throws IOException {
        super.seek(position);
        input.seek(position);
    }

    @Override
    public long length() {
        try {
            return input.length();
        } catch (IOException e) {
            return -1;
        }
    }

    @Override
    public void close() throws IOException {
        super.close();
        input.close();
    }
}
