/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tokenizer;

import dev.duet.BadInputException;
import dev.duet.InputFiles;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A BERT checkpoint's {@code vocab.txt}: one piece per line, its id the line's index from 0,
 * pieces that continue a word spelled with a leading "##". Each line is stripped of surrounding
 * whitespace (Google's {@code load_vocab}; it also drops the "\r" of CRLF files). A piece listed
 * twice keeps its last line's id, as Google's dictionary assignment does, and the earlier id
 * keeps its piece for display.
 */
final class WordPieceVocabulary {

    static final long MAX_FILE_BYTES = 64L << 20;
    static final int MAX_PIECES = 1 << 24;

    private final Map<String, Integer> idOfPiece;
    private final String[] pieceOfId; // [size]
    private final int longestPiece;   // in UTF-16 chars: no longer candidate can be a piece
    private final Path file;

    private WordPieceVocabulary(Map<String, Integer> idOfPiece, String[] pieceOfId, Path file) {
        this.idOfPiece = idOfPiece;
        this.pieceOfId = pieceOfId;
        this.file = file;
        int longest = 0;
        for (String piece : pieceOfId) {
            longest = Math.max(longest, piece.length());
        }
        this.longestPiece = longest;
    }

    static WordPieceVocabulary read(Path file) {
        InputFiles.checkedSize(file, MAX_FILE_BYTES);
        String text;
        try {
            byte[] bytes = Files.readAllBytes(file);
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new BadInputException(file, "is not UTF-8 text", e);
        } catch (IOException e) {
            throw new BadInputException(file, "cannot be read: " + e.getMessage(), e);
        }
        return parse(file, text);
    }

    static WordPieceVocabulary parse(Path file, String text) {
        // the text after the last newline is a line only when it is not empty
        String[] lines = text.split("\n", -1);
        int count = text.endsWith("\n") || text.isEmpty() ? lines.length - 1 : lines.length;
        if (count == 0) {
            throw new BadInputException(file, "the vocabulary is empty");
        }
        if (count > MAX_PIECES) {
            throw new BadInputException(file, "has " + count + " lines, more than the limit of " + MAX_PIECES + " pieces");
        }
        String[] pieces = new String[count];
        Map<String, Integer> ids = new HashMap<>(2 * count);
        for (int id = 0; id < count; id++) {
            pieces[id] = PythonStringRules.strip(MappedText.of(lines[id])).text();
            ids.put(pieces[id], id);
        }
        return new WordPieceVocabulary(Map.copyOf(ids), pieces, file);
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
            throw Vocabulary.missingSpecialToken(file, piece);
        }
        return id;
    }

    String piece(int id) {
        return id >= 0 && id < pieceOfId.length ? pieceOfId[id] : null;
    }

    int longestPiece() {
        return longestPiece;
    }

    int size() {
        return pieceOfId.length;
    }
}
