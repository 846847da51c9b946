/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tokenizer;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.duet.AtomicFiles;
import dev.duet.BadInputException;
import dev.duet.InputFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CLIP's BPE cut to its first {@code merges} merges, for small models: CLIP's vocabulary lists
 * the 512 byte symbols, then one entry per merge in merge order, then the special tokens, so
 * the first 512 + merges entries are exactly the symbols the kept merges can produce. Ids stay
 * those of CLIP; BOS and EOS follow directly (512 + merges and 513 + merges).
 */
public final class TruncatedVocabulary {

    private static final int BYTE_SYMBOLS = 512;

    private TruncatedVocabulary() {
    }

    /** Writes {@code vocab.json} and {@code merges.txt} of the cut vocabulary into {@code target}; returns its size. */
    public static int write(Path source, Path target, int merges) throws IOException {
        Path vocabFile = source.resolve("vocab.json");
        Path mergesFile = source.resolve("merges.txt");
        Map<String, Integer> vocabulary;
        InputFiles.checkedSize(vocabFile, Vocabulary.MAX_FILE_BYTES);
        InputFiles.checkedSize(mergesFile, MergeTable.MAX_FILE_BYTES);
        try {
            vocabulary = new ObjectMapper().readValue(vocabFile.toFile(), new TypeReference<Map<String, Integer>>() { });
        } catch (IOException e) {
            throw new BadInputException(vocabFile, "cannot read the vocabulary: " + e.getMessage(), e);
        }
        List<String> lines = Files.readAllLines(mergesFile, StandardCharsets.UTF_8);
        List<String> kept = new ArrayList<>();
        kept.add(lines.isEmpty() || !lines.get(0).startsWith("#") ? "#version: 0.2" : lines.get(0));
        int start = lines.isEmpty() || !lines.get(0).startsWith("#") ? 0 : 1;
        if (merges < 1 || start + merges > lines.size()) {
            throw new BadInputException(mergesFile, "cannot keep " + merges + " merges of " + (lines.size() - start));
        }
        kept.addAll(lines.subList(start, start + merges));
        String[] byId = new String[BYTE_SYMBOLS + merges];
        for (Map.Entry<String, Integer> entry : vocabulary.entrySet()) {
            int id = entry.getValue();
            if (id >= 0 && id < byId.length) {
                byId[id] = entry.getKey();
            }
        }
        Map<String, Integer> cut = new LinkedHashMap<>();
        for (int id = 0; id < byId.length; id++) {
            if (byId[id] == null) {
                throw new BadInputException(vocabFile, "id " + id + " is missing: not CLIP's vocabulary layout");
            }
            cut.put(byId[id], id);
        }
        for (int m = 0; m < merges; m++) {
            String merged = kept.get(1 + m).replace(" ", "");
            if (!merged.equals(byId[BYTE_SYMBOLS + m])) {
                throw new BadInputException(vocabFile, "entry " + (BYTE_SYMBOLS + m) + " is not merge " + m
                        + "'s result: not CLIP's vocabulary layout");
            }
        }
        cut.put(PreTokenizer.START_OF_TEXT, byId.length);
        cut.put(PreTokenizer.END_OF_TEXT, byId.length + 1);
        Files.createDirectories(target);
        AtomicFiles.write(target.resolve("vocab.json"), new ObjectMapper().writeValueAsBytes(cut));
        AtomicFiles.write(target.resolve("merges.txt"), (String.join("\n", kept) + "\n").getBytes(StandardCharsets.UTF_8));
        return cut.size();
    }
}
