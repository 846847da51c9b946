/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tokenizer;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.duet.BadInputException;
import dev.duet.InputFiles;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A checkpoint's {@code vocab.json}: a JSON object mapping each BPE piece ("red&lt;/w&gt;",
 * "Ġ", "&lt;|endoftext|&gt;") to its id. Ids must be distinct and non-negative; they need not
 * be contiguous (a truncated vocabulary is whatever the file lists).
 */
final class Vocabulary {

    static final long MAX_FILE_BYTES = 256L << 20;
    private static final int MAX_ID = (1 << 24) - 1;

    private final Map<String, Integer> idOfPiece;
    private final String[] pieceOfId; // [max id + 1], null where no piece has that id
    private final Path file;

    private Vocabulary(Map<String, Integer> idOfPiece, String[] pieceOfId, Path file) {
        this.idOfPiece = idOfPiece;
        this.pieceOfId = pieceOfId;
        this.file = file;
    }

    /**
     * Reads the pieces without canonicalising or interning them (Jackson's defaults for field names, which pay
     * off when names repeat): every piece of a vocabulary is a name seen once.
     */
    private static final JsonFactory PIECES = JsonFactory.builder()
            .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)
            .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
            .build();

    static Vocabulary read(Path file) {
        Map<String, Integer> ids = new HashMap<>();
        int maxId = -1;
        try {
            InputFiles.checkedSize(file, MAX_FILE_BYTES);
            try (InputStream in = Files.newInputStream(file);
                 JsonParser parser = PIECES.createParser(in)) {
                if (parser.nextToken() != JsonToken.START_OBJECT) {
                    throw new BadInputException(file, "expected a JSON object mapping pieces to ids");
                }
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
                    if (t != JsonToken.FIELD_NAME) {
                        throw new BadInputException(file, "malformed JSON: the object is not closed");
                    }
                    String piece = parser.currentName();
                    JsonToken value = parser.nextToken();
                    if (value != JsonToken.VALUE_NUMBER_INT || parser.getNumberType() != JsonParser.NumberType.INT) {
                        throw new BadInputException(file, "id of piece " + quote(piece) + " is not an integer: "
                                + parser.getText());
                    }
                    int id = parser.getIntValue();
                    if (id < 0 || id > MAX_ID) {
                        throw new BadInputException(file, "id " + id + " of piece " + quote(piece)
                                + " is outside [0, " + MAX_ID + "]");
                    }
                    if (ids.put(piece, id) != null) {
                        throw new BadInputException(file, "piece " + quote(piece) + " is listed twice");
                    }
                    maxId = Math.max(maxId, id);
                }
                if (parser.nextToken() != null) {
                    throw new BadInputException(file, "unexpected content after the JSON object");
                }
            }
        } catch (NoSuchFileException e) {
            throw new BadInputException(file, "file not found");
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new BadInputException(file, "malformed JSON: " + e.getOriginalMessage().replace('\n', ' ') + where, e);
        } catch (IOException e) {
            throw new BadInputException(file, "cannot be read: " + e.getMessage(), e);
        }
        if (ids.isEmpty()) {
            throw new BadInputException(file, "the vocabulary is empty");
        }
        String[] pieces = new String[maxId + 1];
        for (Map.Entry<String, Integer> e : ids.entrySet()) {
            if (pieces[e.getValue()] != null) {
                throw new BadInputException(file, "id " + e.getValue() + " is given to both "
                        + quote(pieces[e.getValue()]) + " and " + quote(e.getKey()));
            }
            pieces[e.getValue()] = e.getKey();
        }
        return new Vocabulary(Map.copyOf(ids), pieces, file);
    }

    /** The piece's id, or -1 if the vocabulary lacks it. */
    int id(String piece) {
        Integer id = idOfPiece.get(piece);
        return id == null ? -1 : id;
    }

    /** The id of a piece that must be present, such as a special token. */
    int requireId(String piece) {
        int id = id(piece);
        if (id < 0) {
            throw missingSpecialToken(file, piece);
        }
        return id;
    }

    /** The one-line refusal of a vocabulary file (vocab.json or vocab.txt) that lacks a special token. */
    static BadInputException missingSpecialToken(Path file, String piece) {
        return new BadInputException(file, "missing the special token " + quote(piece));
    }

    /** The piece with this id, or null. */
    String piece(int id) {
        return id >= 0 && id < pieceOfId.length ? pieceOfId[id] : null;
    }

    /** Largest id + 1: the embedding rows a model needs. */
    int size() {
        return pieceOfId.length;
    }

    Path file() {
        return file;
    }

    static String quote(String piece) {
        return "\"" + piece.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
