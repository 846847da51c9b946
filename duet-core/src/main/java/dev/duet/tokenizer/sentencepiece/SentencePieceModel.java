/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tokenizer.sentencepiece;

import dev.duet.AtomicFiles;
import dev.duet.BadInputException;
import dev.duet.InputFiles;
import dev.duet.tokenizer.Token;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A SentencePiece model ({@code spiece.model}, {@code tokenizer.model}) that encodes text as the
 * C++ library's {@code SentencePieceProcessor::Encode} does: normalise, segment (unigram or
 * BPE), then split unknown pieces into byte pieces when the model has byte fallback, else merge
 * runs of unknown pieces into one. Immutable and thread-safe.
 *
 * <pre>{@code
 * SentencePieceModel model = SentencePieceModel.read(Path.of("spiece.model"));
 * SentencePieceEncoding e = model.encode("A photo of a cat");
 * int[] ids = e.ids();   // e.tokens().get(k).start() .. end(): chars of the text
 * }</pre>
 */
public final class SentencePieceModel {

    /** Several times the largest published models (vocabularies of 256k pieces take a few MB). */
    static final long MAX_FILE_BYTES = 16L << 20;

    private final Path file;
    private final PieceTable table;
    private final TrainerSpec trainerSpec;
    private final NormalizerSpec normalizerSpec;
    private final CharsMap charsMap; // null for the identity normaliser
    private final TextNormalizer normalizer;
    private final Segmenter segmenter;

    private SentencePieceModel(Path file, PieceTable table, TrainerSpec trainerSpec, NormalizerSpec normalizerSpec,
                               CharsMap charsMap) {
        this.file = file;
        this.table = table;
        this.trainerSpec = trainerSpec;
        this.normalizerSpec = normalizerSpec;
        this.charsMap = charsMap;
        this.normalizer = new TextNormalizer(normalizerSpec, charsMap, table.userDefined,
                trainerSpec.treatWhitespaceAsSuffix());
        this.segmenter = switch (trainerSpec.modelType()) {
            case UNIGRAM -> new UnigramSegmenter(table.segmentable, table.scores, table.types, table.unknownId);
            case BPE -> new BpeSegmenter(table.segmentable, table.userDefined, table.scores, table.types, table::id);
            case WORD, CHAR -> throw new SentencePieceException(file, SentencePieceException.Reason.UNSUPPORTED_MODEL_TYPE,
                    "model type " + trainerSpec.modelType() + " (Duet reads UNIGRAM and BPE models)");
        };
    }

    /**
     * Reads and checks a model file.
     *
     * @throws SentencePieceException (a {@link BadInputException}) naming the file and what is
     *                                wrong: not a model, truncated, or inconsistent; a plain
     *                                BadInputException when it is missing, not a regular file,
     *                                larger than 16 MiB or unreadable
     */
    public static SentencePieceModel read(Path file) {
        InputFiles.checkedSize(file, MAX_FILE_BYTES);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new BadInputException(file, "cannot read: " + AtomicFiles.reason(e), e);
        }
        return parse(file, bytes);
    }

    /** A model from the bytes of a model file; {@code file} names it in errors. */
    public static SentencePieceModel parse(Path file, byte[] bytes) {
        ModelFile m = ModelFile.parse(file, bytes);
        if (m.pieces().isEmpty()) {
            throw new SentencePieceException(file, SentencePieceException.Reason.NO_PIECES, "no pieces");
        }
        PieceTable table = new PieceTable(file, m.pieces(), m.trainerSpec().byteFallback());
        return new SentencePieceModel(file, table, m.trainerSpec(), m.normalizerSpec(), charsMap(file, m.normalizerSpec()));
    }

    private static CharsMap charsMap(Path file, NormalizerSpec spec) {
        byte[] blob = spec.precompiledCharsmap();
        return blob.length == 0 ? null : CharsMap.parse(file, blob);
    }

    /** This model with another normaliser spec, as a tokenizer that overrides the model's options does. */
    public SentencePieceModel withNormalizerSpec(NormalizerSpec spec) {
        boolean sameMap = Arrays.equals(spec.precompiledCharsmap(), normalizerSpec.precompiledCharsmap());
        return new SentencePieceModel(file, table, trainerSpec, spec, sameMap ? charsMap : charsMap(file, spec));
    }

    /** The pieces of {@code text}, with their ranges in it. */
    public SentencePieceEncoding encode(String text) {
        Objects.requireNonNull(text, "text");
        Utf8.Encoded input = Utf8.encode(text);
        TextNormalizer.Normalized normalized = normalizer.normalize(input.bytes());
        byte[] norm = normalized.bytes();
        int[] toOriginal = normalized.toOriginal();
        int[] charIndex = input.charIndex();
        Segmenter.Segments segments = segmenter.segment(norm);
        List<Token> tokens = new ArrayList<>(segments.count());
        boolean previousUnknown = false;
        for (int k = 0; k < segments.count(); k++) {
            int from = segments.bounds()[k];
            int to = segments.bounds()[k + 1];
            int id = segments.ids()[k];
            boolean unknown = id == table.unknownId;
            int start = charIndex[toOriginal[from]];
            int end = Math.max(start, charIndex[toOriginal[to]]);
            if (unknown && table.byteIds != null) {
                // sentencepiece_processor.cc: the last byte piece holds the unknown char's range
                for (int b = from; b < to; b++) {
                    int byteId = table.byteIds[norm[b] & 0xFF];
                    tokens.add(new Token(byteId, table.pieces.get(byteId).text(), start, b == to - 1 ? end : start));
                }
            } else if (unknown && previousUnknown) {
                // a run of unknown pieces is one piece, so that decoding can copy it
                Token last = tokens.removeLast();
                tokens.add(new Token(id, last.piece() + surface(norm, from, to), last.start(), Math.max(last.start(), end)));
            } else {
                String piece = unknown ? surface(norm, from, to) : table.pieces.get(id).text();
                tokens.add(new Token(id, piece, start, end));
            }
            previousUnknown = unknown;
        }
        return new SentencePieceEncoding(text, tokens);
    }

    private static String surface(byte[] normalized, int from, int to) {
        return new String(normalized, from, to - from, StandardCharsets.UTF_8);
    }

    /** {@code PieceToId}: the id of a piece's text, the unknown piece's id when there is none. */
    public int pieceToId(String piece) {
        return table.id(piece);
    }

    /** Number of pieces: the rows of a text tower's token embedding. */
    public int size() {
        return table.pieces.size();
    }

    public Piece piece(int id) {
        return table.pieces.get(id);
    }

    public int unknownId() {
        return table.unknownId;
    }

    /** The id of the end-of-sentence piece (trainer_spec's eos_piece) if it is a CONTROL piece, else -1. */
    public int eosId() {
        return table.controlId(trainerSpec.eosPiece());
    }

    /** The id of the beginning-of-sentence piece if it is a CONTROL piece, else -1. */
    public int bosId() {
        return table.controlId(trainerSpec.bosPiece());
    }

    /** The id of the padding piece if it is a CONTROL piece, else -1. */
    public int padId() {
        return table.controlId(trainerSpec.padPiece());
    }

    public TrainerSpec trainerSpec() {
        return trainerSpec;
    }

    public NormalizerSpec normalizerSpec() {
        return normalizerSpec;
    }

    /** The file the model was read from. */
    public Path file() {
        return file;
    }
}
