/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tokenizer.sentencepiece;

import dev.duet.tokenizer.sentencepiece.SentencePieceException.Reason;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A model's pieces checked as {@code ModelInterface::InitializePieces} checks them (non-empty,
 * distinct within the segmentable and within the reserved pieces, one UNKNOWN, all 256 byte
 * pieces exactly when byte fallback is on), and indexed: the segmentable pieces (NORMAL,
 * USER_DEFINED, UNUSED) and the reserved ones (UNKNOWN, CONTROL, BYTE) in separate tries, as
 * SentencePiece keeps them in separate maps.
 */
final class PieceTable {

    final List<Piece> pieces;
    final float[] scores;             // [pieces]
    final PieceType[] types;          // [pieces]
    final PieceTrie segmentable;      // NORMAL, USER_DEFINED, UNUSED
    final PieceTrie reserved;         // UNKNOWN, CONTROL, BYTE
    final PieceTrie userDefined;      // null when there are none
    final int unknownId;
    final int[] byteIds;              // [256] ids of <0x00>..<0xFF> with byte fallback, else null
    private final Map<String, Integer> idsByText;

    PieceTable(Path file, List<Piece> pieces, boolean byteFallback) {
        int n = pieces.size();
        this.pieces = pieces;
        this.scores = new float[n];
        this.types = new PieceType[n];
        Keys segmentableKeys = new Keys();
        Keys reservedKeys = new Keys();
        Keys userKeys = new Keys();
        Map<String, Integer> segmentableByText = new HashMap<>();
        Map<String, Integer> reservedByText = new HashMap<>();
        int unknown = -1;
        int[] bytes = byteFallback ? new int[256] : null;
        if (bytes != null) {
            Arrays.fill(bytes, -1);
        }
        for (int id = 0; id < n; id++) {
            Piece p = pieces.get(id);
            scores[id] = p.score();
            types[id] = p.type();
            if (p.text().isEmpty()) {
                throw new SentencePieceException(file, Reason.EMPTY_PIECE, "piece " + id + " is empty");
            }
            boolean isSegmentable = p.type() == PieceType.NORMAL || p.type() == PieceType.USER_DEFINED
                    || p.type() == PieceType.UNUSED;
            Map<String, Integer> byText = isSegmentable ? segmentableByText : reservedByText;
            Integer earlier = byText.putIfAbsent(p.text(), id);
            if (earlier != null) {
                throw new SentencePieceException(file, Reason.DUPLICATE_PIECE,
                        "piece " + id + " \"" + printable(p.text()) + "\" is also piece " + earlier);
            }
            (isSegmentable ? segmentableKeys : reservedKeys).add(p.text(), id);
            if (p.type() == PieceType.USER_DEFINED) {
                userKeys.add(p.text(), id);
            }
            if (p.type() == PieceType.UNKNOWN) {
                if (unknown >= 0) {
                    throw new SentencePieceException(file, Reason.BAD_UNKNOWN_PIECE,
                            "pieces " + unknown + " and " + id + " are both UNKNOWN");
                }
                unknown = id;
            }
            if (p.type() == PieceType.BYTE) {
                int value = byteValue(p.text());
                if (bytes == null || value < 0) {
                    throw new SentencePieceException(file, Reason.BAD_BYTE_PIECES, "byte piece " + id + " \""
                            + printable(p.text()) + "\"" + (bytes == null ? " without byte_fallback" : " is not <0xNN>"));
                }
                bytes[value] = id;
            }
        }
        if (unknown < 0) {
            throw new SentencePieceException(file, Reason.BAD_UNKNOWN_PIECE, "no UNKNOWN piece");
        }
        if (bytes != null) {
            for (int b = 0; b < 256; b++) {
                if (bytes[b] < 0) {
                    throw new SentencePieceException(file, Reason.BAD_BYTE_PIECES,
                            String.format("byte_fallback without the byte piece <0x%02X>", b));
                }
            }
        }
        if (segmentableKeys.ids.isEmpty()) {
            throw new SentencePieceException(file, Reason.NO_PIECES, "no piece that text can be segmented into");
        }
        Map<String, Integer> all = new HashMap<>(segmentableByText);
        all.putAll(reservedByText); // PieceToId looks at the reserved pieces first
        this.idsByText = all;
        this.unknownId = unknown;
        this.byteIds = bytes;
        this.segmentable = PieceTrie.of(segmentableKeys.bytes, segmentableKeys.ids);
        this.reserved = PieceTrie.of(reservedKeys.bytes, reservedKeys.ids);
        this.userDefined = userKeys.ids.isEmpty() ? null : PieceTrie.of(userKeys.bytes, userKeys.ids);
    }

    /** Keys of one trie as UTF-8, with their ids. */
    private static final class Keys {
        final List<byte[]> bytes = new ArrayList<>();
        final List<Integer> ids = new ArrayList<>();

        void add(String text, int id) {
            bytes.add(text.getBytes(StandardCharsets.UTF_8));
            ids.add(id);
        }
    }

    /** {@code PieceToId}: the id of a piece's text, the unknown piece's id when there is none. */
    int id(String piece) {
        Integer id = idsByText.get(piece);
        return id == null ? unknownId : id;
    }

    /** {@code PieceToId} on UTF-8 bytes [from, to). */
    int id(byte[] bytes, int from, int to) {
        int id = reserved.get(bytes, from, to);
        if (id < 0) {
            id = segmentable.get(bytes, from, to);
        }
        return id < 0 ? unknownId : id;
    }

    /** The id of a piece if it is a CONTROL piece, else -1. */
    int controlId(String piece) {
        Integer id = idsByText.get(piece);
        return id != null && types[id] == PieceType.CONTROL ? id : -1;
    }

    /** 0..255 for "&lt;0x00&gt;" .. "&lt;0xFF&gt;" (upper-case hex, as ByteToPiece writes them), else -1. */
    private static int byteValue(String piece) {
        if (piece.length() != 6 || !piece.startsWith("<0x") || piece.charAt(5) != '>') {
            return -1;
        }
        int high = upperHexDigit(piece.charAt(3));
        int low = upperHexDigit(piece.charAt(4));
        return high < 0 || low < 0 ? -1 : high * 16 + low;
    }

    private static int upperHexDigit(char c) {
        return c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }

    static String printable(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().limit(40).forEach(cp -> {
            if (cp < 0x20 || cp == 0x7F) {
                b.append(String.format("\\x%02X", cp));
            } else {
                b.appendCodePoint(cp);
            }
        });
        return b.toString();
    }
}
