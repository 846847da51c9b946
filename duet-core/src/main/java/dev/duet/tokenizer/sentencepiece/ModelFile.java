/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tokenizer.sentencepiece;

import dev.duet.tokenizer.sentencepiece.SentencePieceException.Reason;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The parts of a {@code ModelProto} (sentencepiece_model.proto) that encoding uses, parsed from
 * the wire format. As protobuf does, a singular message field that occurs twice is merged (a
 * later field overrides an earlier one), unknown fields (self-test data, the denormaliser,
 * extensions, training options) are skipped after their lengths are checked.
 */
record ModelFile(List<Piece> pieces, TrainerSpec trainerSpec, NormalizerSpec normalizerSpec) {

    // field numbers of sentencepiece_model.proto
    private static final int MODEL_PIECES = 1;
    private static final int MODEL_TRAINER_SPEC = 2;
    private static final int MODEL_NORMALIZER_SPEC = 3;
    private static final int PIECE_TEXT = 1;
    private static final int PIECE_SCORE = 2;
    private static final int PIECE_TYPE = 3;
    private static final int TRAINER_MODEL_TYPE = 3;
    private static final int TRAINER_TREAT_WHITESPACE_AS_SUFFIX = 24;
    private static final int TRAINER_BYTE_FALLBACK = 35;
    private static final int TRAINER_UNK_PIECE = 45;
    private static final int TRAINER_BOS_PIECE = 46;
    private static final int TRAINER_EOS_PIECE = 47;
    private static final int TRAINER_PAD_PIECE = 48;
    private static final int NORMALIZER_NAME = 1;
    private static final int NORMALIZER_CHARSMAP = 2;
    private static final int NORMALIZER_ADD_DUMMY_PREFIX = 3;
    private static final int NORMALIZER_REMOVE_EXTRA_WHITESPACES = 4;
    private static final int NORMALIZER_ESCAPE_WHITESPACES = 5;

    static ModelFile parse(Path file, byte[] bytes) {
        ProtoReader in = new ProtoReader(file, bytes, 0, bytes.length, "ModelProto");
        List<Piece> pieces = new ArrayList<>();
        TrainerFields trainer = new TrainerFields();
        NormalizerFields normalizer = new NormalizerFields();
        while (in.hasMore()) {
            int tag = in.readTag();
            switch (tag >>> 3) {
                case MODEL_PIECES -> {
                    in.expect(tag, ProtoReader.LENGTH_DELIMITED, "a piece");
                    pieces.add(piece(in.readMessage("piece " + pieces.size())));
                }
                case MODEL_TRAINER_SPEC -> {
                    in.expect(tag, ProtoReader.LENGTH_DELIMITED, "trainer_spec");
                    trainer.merge(in.readMessage("trainer_spec"));
                }
                case MODEL_NORMALIZER_SPEC -> {
                    in.expect(tag, ProtoReader.LENGTH_DELIMITED, "normalizer_spec");
                    normalizer.merge(in.readMessage("normalizer_spec"));
                }
                default -> in.skip(tag);
            }
        }
        return new ModelFile(List.copyOf(pieces), trainer.build(), normalizer.build());
    }

    private static Piece piece(ProtoReader in) {
        String text = "";
        float score = 0f;
        PieceType type = PieceType.NORMAL;
        while (in.hasMore()) {
            int tag = in.readTag();
            switch (tag >>> 3) {
                case PIECE_TEXT -> {
                    in.expect(tag, ProtoReader.LENGTH_DELIMITED, "piece");
                    text = in.readString("a piece");
                }
                case PIECE_SCORE -> {
                    in.expect(tag, ProtoReader.FIXED32, "score");
                    score = in.readFixed32AsFloat();
                }
                case PIECE_TYPE -> {
                    in.expect(tag, ProtoReader.VARINT, "type");
                    long number = in.readVarint();
                    type = PieceType.of(number);
                    if (type == null) {
                        throw in.fail(Reason.UNKNOWN_ENUM_VALUE, "piece type " + number);
                    }
                }
                default -> in.skip(tag);
            }
        }
        return new Piece(text, score, type);
    }

    /** TrainerSpec's fields as they are merged; null or absent strings take SentencePiece's defaults. */
    private static final class TrainerFields {
        ModelType modelType = ModelType.UNIGRAM;
        boolean byteFallback;
        boolean treatWhitespaceAsSuffix;
        String unkPiece = "";
        String bosPiece = "";
        String eosPiece = "";
        String padPiece = "";

        void merge(ProtoReader in) {
            while (in.hasMore()) {
                int tag = in.readTag();
                switch (tag >>> 3) {
                    case TRAINER_MODEL_TYPE -> {
                        in.expect(tag, ProtoReader.VARINT, "model_type");
                        long number = in.readVarint();
                        modelType = ModelType.of(number);
                        if (modelType == null) {
                            throw in.fail(Reason.UNKNOWN_ENUM_VALUE, "model type " + number);
                        }
                    }
                    case TRAINER_TREAT_WHITESPACE_AS_SUFFIX -> {
                        in.expect(tag, ProtoReader.VARINT, "treat_whitespace_as_suffix");
                        treatWhitespaceAsSuffix = in.readVarint() != 0;
                    }
                    case TRAINER_BYTE_FALLBACK -> {
                        in.expect(tag, ProtoReader.VARINT, "byte_fallback");
                        byteFallback = in.readVarint() != 0;
                    }
                    case TRAINER_UNK_PIECE -> unkPiece = string(in, tag, "unk_piece");
                    case TRAINER_BOS_PIECE -> bosPiece = string(in, tag, "bos_piece");
                    case TRAINER_EOS_PIECE -> eosPiece = string(in, tag, "eos_piece");
                    case TRAINER_PAD_PIECE -> padPiece = string(in, tag, "pad_piece");
                    default -> in.skip(tag);
                }
            }
        }

        TrainerSpec build() {
            // model_interface.cc RETURN_PIECE: an empty name means the default one
            return new TrainerSpec(modelType, byteFallback, treatWhitespaceAsSuffix,
                    unkPiece.isEmpty() ? "<unk>" : unkPiece, bosPiece.isEmpty() ? "<s>" : bosPiece,
                    eosPiece.isEmpty() ? "</s>" : eosPiece, padPiece.isEmpty() ? "<pad>" : padPiece);
        }
    }

    private static final class NormalizerFields {
        String name = "";
        byte[] charsmap = new byte[0];
        boolean addDummyPrefix = true;
        boolean removeExtraWhitespaces = true;
        boolean escapeWhitespaces = true;

        void merge(ProtoReader in) {
            while (in.hasMore()) {
                int tag = in.readTag();
                switch (tag >>> 3) {
                    case NORMALIZER_NAME -> name = string(in, tag, "normalizer name");
                    case NORMALIZER_CHARSMAP -> {
                        in.expect(tag, ProtoReader.LENGTH_DELIMITED, "precompiled_charsmap");
                        charsmap = in.readBytes();
                    }
                    case NORMALIZER_ADD_DUMMY_PREFIX -> {
                        in.expect(tag, ProtoReader.VARINT, "add_dummy_prefix");
                        addDummyPrefix = in.readVarint() != 0;
                    }
                    case NORMALIZER_REMOVE_EXTRA_WHITESPACES -> {
                        in.expect(tag, ProtoReader.VARINT, "remove_extra_whitespaces");
                        removeExtraWhitespaces = in.readVarint() != 0;
                    }
                    case NORMALIZER_ESCAPE_WHITESPACES -> {
                        in.expect(tag, ProtoReader.VARINT, "escape_whitespaces");
                        escapeWhitespaces = in.readVarint() != 0;
                    }
                    default -> in.skip(tag);
                }
            }
        }

        NormalizerSpec build() {
            return new NormalizerSpec(name, charsmap, addDummyPrefix, removeExtraWhitespaces, escapeWhitespaces);
        }
    }

    private static String string(ProtoReader in, int tag, String field) {
        in.expect(tag, ProtoReader.LENGTH_DELIMITED, field);
        return in.readString(field);
    }
}
