/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tokenizer.sentencepiece;

import dev.duet.tokenizer.sentencepiece.SentencePieceException.Reason;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Protocol-buffer wire format over one message, bytes [position, limit) of a file's contents:
 * tags, varints, fixed32 values and length-delimited fields, each checked against the limit
 * before it is read. A length-delimited field is read by a child reader over exactly its bytes,
 * so nothing inside a message can reach past it.
 */
final class ProtoReader {

    static final int VARINT = 0;
    static final int FIXED64 = 1;
    static final int LENGTH_DELIMITED = 2;
    static final int FIXED32 = 5;

    private final Path file;
    private final byte[] bytes;
    private final int limit;
    private final String message; // the message's name, for errors
    private int position;

    ProtoReader(Path file, byte[] bytes, int from, int limit, String message) {
        this.file = file;
        this.bytes = bytes;
        this.position = from;
        this.limit = limit;
        this.message = message;
    }

    boolean hasMore() {
        return position < limit;
    }

    /** The next tag: field number << 3 | wire type, with the field number checked. */
    int readTag() {
        long tag = readVarint();
        if (tag >>> 3 == 0 || tag >>> 3 > 0x1FFF_FFFF) {
            throw fail(Reason.BAD_FIELD_NUMBER, "field number " + (tag >>> 3));
        }
        int wireType = (int) (tag & 7);
        if (wireType != VARINT && wireType != FIXED64 && wireType != LENGTH_DELIMITED && wireType != FIXED32) {
            throw fail(Reason.BAD_WIRE_TYPE, "wire type " + wireType + " of field " + (tag >>> 3));
        }
        return (int) tag;
    }

    /** Up to 10 bytes, 7 bits each, low first; an int32 field holds a negative value in all 10. */
    long readVarint() {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (position >= limit) {
                throw fail(Reason.BAD_VARINT, "a varint runs past the end");
            }
            int b = bytes[position++] & 0xFF;
            value |= (long) (b & 0x7F) << shift;
            if (b < 0x80) {
                return value;
            }
        }
        throw fail(Reason.BAD_VARINT, "a varint longer than 10 bytes");
    }

    float readFixed32AsFloat() {
        require(4, "a float");
        int bits = (bytes[position] & 0xFF) | (bytes[position + 1] & 0xFF) << 8
                | (bytes[position + 2] & 0xFF) << 16 | (bytes[position + 3] & 0xFF) << 24;
        position += 4;
        return Float.intBitsToFloat(bits);
    }

    /** A reader over the next length-delimited field's bytes, which this reader skips. */
    ProtoReader readMessage(String name) {
        int length = readLength();
        ProtoReader child = new ProtoReader(file, bytes, position, position + length, name);
        position += length;
        return child;
    }

    byte[] readBytes() {
        int length = readLength();
        byte[] out = Arrays.copyOfRange(bytes, position, position + length);
        position += length;
        return out;
    }

    String readString(String field) {
        int length = readLength();
        try {
            String s = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, position, length)).toString();
            position += length;
            return s;
        } catch (CharacterCodingException e) {
            throw fail(Reason.BAD_UTF8, field + " is not UTF-8");
        }
    }

    /** Skips a field this reader does not know, whatever its wire type (checked by readTag). */
    void skip(int tag) {
        switch (tag & 7) {
            case VARINT -> readVarint();
            case FIXED64 -> {
                require(8, "a fixed64 value");
                position += 8;
            }
            case LENGTH_DELIMITED -> {
                int length = readLength(); // before the read: readLength moves position
                position += length;
            }
            case FIXED32 -> {
                require(4, "a fixed32 value");
                position += 4;
            }
            default -> throw new IllegalStateException("readTag let wire type " + (tag & 7) + " through");
        }
    }

    /** Checks that a known field came with its declared wire type. */
    void expect(int tag, int wireType, String field) {
        if ((tag & 7) != wireType) {
            throw fail(Reason.WRONG_WIRE_TYPE, field + " has wire type " + (tag & 7) + ", not " + wireType);
        }
    }

    private int readLength() {
        long length = readVarint();
        if (length < 0 || length > limit - position) {
            throw fail(Reason.TRUNCATED, "a field of " + length + " bytes runs past the end of its "
                    + message + " (" + (limit - position) + " bytes left)");
        }
        return (int) length;
    }

    private void require(int count, String what) {
        if (limit - position < count) {
            throw fail(Reason.TRUNCATED, what + " runs past the end of its " + message);
        }
    }

    SentencePieceException fail(Reason reason, String problem) {
        return new SentencePieceException(file, reason, problem + " (byte " + position + ")");
    }
}
