/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tokenizer.sentencepiece;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Writes protobuf wire format by hand, so that tests can build well-formed and broken model files. */
final class ProtoBytes {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    static ProtoBytes message() {
        return new ProtoBytes();
    }

    ProtoBytes varint(long value) {
        long v = value;
        while ((v & ~0x7FL) != 0) {
            out.write((int) (v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out.write((int) v);
        return this;
    }

    ProtoBytes tag(int field, int wireType) {
        return varint((long) field << 3 | wireType);
    }

    ProtoBytes varintField(int field, long value) {
        return tag(field, ProtoReader.VARINT).varint(value);
    }

    ProtoBytes floatField(int field, float value) {
        tag(field, ProtoReader.FIXED32);
        int bits = Float.floatToIntBits(value);
        for (int i = 0; i < 4; i++) {
            out.write(bits >>> (8 * i) & 0xFF);
        }
        return this;
    }

    ProtoBytes bytesField(int field, byte[] value) {
        tag(field, ProtoReader.LENGTH_DELIMITED).varint(value.length);
        out.writeBytes(value);
        return this;
    }

    ProtoBytes stringField(int field, String value) {
        return bytesField(field, value.getBytes(StandardCharsets.UTF_8));
    }

    ProtoBytes messageField(int field, ProtoBytes message) {
        return bytesField(field, message.bytes());
    }

    ProtoBytes raw(byte... bytes) {
        out.writeBytes(bytes);
        return this;
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    /** A ModelProto.SentencePiece. */
    static ProtoBytes piece(String text, float score, PieceType type) {
        return message().stringField(1, text).floatField(2, score).varintField(3, type.number());
    }

    /** A unigram model of four pieces: <unk>, </s>, "▁a", "b", with the given normaliser spec (null: none). */
    static ProtoBytes smallModel(ProtoBytes normalizerSpec) {
        ProtoBytes model = message()
                .messageField(1, piece("<unk>", 0f, PieceType.UNKNOWN))
                .messageField(1, piece("</s>", 0f, PieceType.CONTROL))
                .messageField(1, piece("\u2581a", -1f, PieceType.NORMAL))
                .messageField(1, piece("b", -2f, PieceType.NORMAL))
                .messageField(2, message().varintField(3, 1));
        return normalizerSpec == null ? model : model.messageField(3, normalizerSpec);
    }
}
