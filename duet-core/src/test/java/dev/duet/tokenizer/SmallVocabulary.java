/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tokenizer;

import java.util.ArrayList;
import java.util.List;

/**
 * A truncated CLIP-style vocabulary: the 512 byte symbols (with and without "&lt;/w&gt;"),
 * the results of a handful of merges, then the two special tokens.
 */
final class SmallVocabulary {

    static final List<String> MERGES = List.of("r e", "re d</w>", "e d</w>", "Ã ©</w>", "c a", "ca f");

    private SmallVocabulary() {
    }

    static List<String> pieces() {
        List<String> pieces = new ArrayList<>();
        for (int b = 0; b < 256; b++) {
            pieces.add(String.valueOf(ByteSymbols.symbol(b)));
        }
        for (int b = 0; b < 256; b++) {
            pieces.add(ByteSymbols.symbol(b) + "</w>");
        }
        for (String merge : MERGES) {
            pieces.add(merge.replace(" ", ""));
        }
        pieces.add("<|startoftext|>");
        pieces.add("<|endoftext|>");
        return pieces;
    }

    static String json() {
        StringBuilder json = new StringBuilder("{");
        List<String> pieces = pieces();
        for (int i = 0; i < pieces.size(); i++) {
            json.append(i == 0 ? "" : ", ").append(Vocabulary.quote(pieces.get(i))).append(": ").append(i);
        }
        return json.append('}').toString();
    }

    static String merges() {
        return "#version: 0.2\n" + String.join("\n", MERGES) + "\n";
    }
}
