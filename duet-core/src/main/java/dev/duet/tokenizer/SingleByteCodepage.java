/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.tokenizer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The single-byte encodings that mojibake is undone through, in the order ftfy tries them.
 * Bytes 0x00-0x7F are ASCII in all of them. The "sloppy" Windows code pages decode their
 * unassigned bytes as the Latin-1 char of the same number (what browsers do), and byte
 * 0x1A stands for U+FFFD (a char lost before the text reached us). Tables for bytes
 * 0x80-0xFF come from {@code single-byte-codepages.tsv}.
 */
enum SingleByteCodepage {
    LATIN_1(null, false),
    SLOPPY_WINDOWS_1252("windows-1252", true),
    SLOPPY_WINDOWS_1251("windows-1251", true),
    SLOPPY_WINDOWS_1250("windows-1250", true),
    SLOPPY_WINDOWS_1253("windows-1253", true),
    SLOPPY_WINDOWS_1254("windows-1254", true),
    SLOPPY_WINDOWS_1257("windows-1257", true),
    ISO_8859_2("iso-8859-2", false),
    MAC_ROMAN("mac-roman", false),
    CP437("cp437", false);

    private static final char SUBSTITUTE = 0x1A;
    private static final char UNASSIGNED = 0xFFFF;

    private final boolean sloppy;
    private final char[] decode = new char[256];      // byte -> char
    private final Map<Character, Integer> encode = new HashMap<>(); // char -> byte

    SingleByteCodepage(String tableName, boolean sloppy) {
        this.sloppy = sloppy;
        char[] high = tableName == null ? null : Tables.strict(tableName);
        for (int b = 0; b < 256; b++) {
            char c = (char) b;
            if (b >= 0x80 && high != null && high[b - 0x80] != UNASSIGNED) {
                c = high[b - 0x80];
            }
            if (sloppy && b == SUBSTITUTE) {
                c = '\uFFFD';
            }
            decode[b] = c;
            encode.putIfAbsent(c, b);
        }
    }

    boolean isSloppy() {
        return sloppy;
    }

    char decode(int unsignedByte) {
        return decode[unsignedByte];
    }

    /** Whether every char of the text is one of this encoding's 256 chars. */
    boolean canEncode(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (!encode.containsKey(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** The text's bytes as a one-char-per-byte MappedText; requires {@link #canEncode}. */
    MappedText encode(MappedText text) {
        MappedText.Builder out = text.builder();
        for (int i = 0; i < text.length(); i++) {
            out.put((char) (int) encode.get(text.charAt(i)), text.start(i), text.end(i));
        }
        return out.build();
    }

    /**
     * The strict tables: chars of bytes 0x80-0xFF, {@code UNASSIGNED} where a code page has no
     * char. Also used by the mojibake clues, which consider Latin-1 and the Windows code pages.
     */
    static final class Tables {
        private static final Map<String, char[]> BY_NAME = read();

        private Tables() {
        }

        static char[] strict(String name) {
            char[] table = BY_NAME.get(name);
            if (table == null) {
                throw new IllegalStateException("no code page table " + name);
            }
            return table.clone();
        }

        /** The char of one byte in a strict code page ("latin-1" or a table name), or UNASSIGNED. */
        static char strictDecode(String name, int unsignedByte) {
            if (unsignedByte < 0x80 || name.equals("latin-1")) {
                return (char) unsignedByte;
            }
            return BY_NAME.get(name)[unsignedByte - 0x80];
        }

        static boolean isAssigned(char c) {
            return c != UNASSIGNED;
        }

        private static Map<String, char[]> read() {
            Map<String, char[]> tables = new HashMap<>();
            try (InputStream in = SingleByteCodepage.class.getResourceAsStream("single-byte-codepages.tsv")) {
                if (in == null) {
                    throw new IllegalStateException("resource single-byte-codepages.tsv is missing from the build");
                }
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    if (line.startsWith("#") || line.isEmpty()) {
                        continue;
                    }
                    String[] fields = line.split("\t");
                    String[] codes = fields[1].split(" ");
                    char[] table = new char[128];
                    for (int i = 0; i < 128; i++) {
                        table[i] = codes[i].equals("----") ? UNASSIGNED : (char) Integer.parseInt(codes[i], 16);
                    }
                    tables.put(fields[0], table);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Map.copyOf(tables);
        }
    }
}
