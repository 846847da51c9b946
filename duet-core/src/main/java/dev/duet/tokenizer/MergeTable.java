/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tokenizer;

import dev.duet.BadInputException;
import dev.duet.InputFiles;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A checkpoint's {@code merges.txt}: an optional "#version" header line, then one merge
 * "left right" per line; a merge's rank is its position (0 = applied first). A later
 * duplicate of a merge takes the later rank, as a Python dict built from the list does.
 * Both symbols and their concatenation must be vocabulary pieces, so every BPE result has
 * an id.
 */
final class MergeTable {

    static final long MAX_FILE_BYTES = 64L << 20;

    // Open-addressing hash table: key (left id, right id) packed into a long, value (rank,
    // merged id) packed into a long; EMPTY marks a free slot (real keys are non-negative).
    private static final long EMPTY = -1;
    private final long[] keys;
    private final long[] values;
    private final int mask;
    private int size;

    /** An empty table with room for {@code expected} merges at a load of at most a third. */
    private MergeTable(int expected) {
        int capacity = Integer.highestOneBit(Math.max(16, expected * 3)) << 1;
        this.keys = new long[capacity];
        this.values = new long[capacity];
        this.mask = capacity - 1;
        java.util.Arrays.fill(keys, EMPTY);
    }

    /** Adds a merge, or gives a merge already there this later value (as a Python dict does). */
    private void put(long key, long value) {
        int slot = slot(key);
        while (keys[slot] != EMPTY && keys[slot] != key) {
            slot = (slot + 1) & mask;
        }
        if (keys[slot] == EMPTY) {
            keys[slot] = key;
            size++;
        }
        values[slot] = value;
    }

    private int slot(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }

    static MergeTable read(Path file, Vocabulary vocabulary) {
        List<String> lines = readLines(file);
        int first = !lines.isEmpty() && lines.get(0).startsWith("#version") ? 1 : 0;
        int last = lines.size();
        while (last > first && lines.get(last - 1).isBlank()) {
            last--;
        }
        MergeTable merges = new MergeTable(last - first);
        for (int i = first; i < last; i++) {
            String line = lines.get(i);
            int space = line.indexOf(' ');
            if (space <= 0 || space == line.length() - 1 || line.indexOf(' ', space + 1) >= 0) {
                throw new BadInputException(file, "line " + (i + 1) + ": expected two symbols separated by one space, got "
                        + Vocabulary.quote(line));
            }
            String left = line.substring(0, space);
            String right = line.substring(space + 1);
            int leftId = requirePiece(file, vocabulary, left, i);
            int rightId = requirePiece(file, vocabulary, right, i);
            int mergedId = requirePiece(file, vocabulary, left + right, i);
            long rank = i - first;
            merges.put(pair(leftId, rightId), (rank << 32) | mergedId);
        }
        return merges;
    }

    /** Packed (rank, merged id) of merging these two pieces, or -1 when they never merge. */
    long lookup(int leftId, int rightId) {
        long key = pair(leftId, rightId);
        for (int slot = slot(key); keys[slot] != EMPTY; slot = (slot + 1) & mask) {
            if (keys[slot] == key) {
                return values[slot];
            }
        }
        return -1;
    }

    static int rank(long packed) {
        return (int) (packed >>> 32);
    }

    static int mergedId(long packed) {
        return (int) packed;
    }

    int size() {
        return size;
    }

    private static long pair(int leftId, int rightId) {
        return ((long) leftId << 32) | (rightId & 0xFFFFFFFFL);
    }

    private static int requirePiece(Path file, Vocabulary vocabulary, String piece, int lineIndex) {
        int id = vocabulary.id(piece);
        if (id < 0) {
            throw new BadInputException(file, "line " + (lineIndex + 1) + ": symbol " + Vocabulary.quote(piece)
                    + " is not in " + vocabulary.file().getFileName());
        }
        return id;
    }

    private static List<String> readLines(Path file) {
        try {
            InputFiles.checkedSize(file, MAX_FILE_BYTES);
            List<String> lines = new ArrayList<>();
            try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    lines.add(line);
                }
            }
            return lines;
        } catch (NoSuchFileException e) {
            throw new BadInputException(file, "file not found");
        } catch (CharacterCodingException e) {
            throw new BadInputException(file, "not valid UTF-8", e);
        } catch (IOException e) {
            throw new BadInputException(file, "cannot be read: " + e.getMessage(), e);
        }
    }
}
