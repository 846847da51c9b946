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
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTML character references, decoded two ways on {@link MappedText} (each decoded char
 * spans the whole reference it came from):
 * <ul>
 *   <li>{@link #unescapeLikePython}: Python's {@code html.unescape}, the HTML5 rules that
 *       CLIP applies twice: numeric references with the WHATWG replacements for invalid
 *       numbers, and named references with or without the semicolon, longest known prefix
 *       first ({@code "&ampx"} gives {@code "&x"}).</li>
 *   <li>{@link #unescapeLikeFtfy}: ftfy's cautious variant: only {@code &name;} with the
 *       semicolon, plus all-caps spellings of lower-case names ({@code &EACUTE;} gives
 *       {@code É}), and numeric references only when they consume their semicolon.</li>
 * </ul>
 * The name table is the WHATWG list in {@code html5-entities.tsv} (names as in Python's
 * {@code html.entities.html5}: with and without the trailing semicolon).
 */
final class HtmlEntities {

    private static final Pattern PYTHON_REFERENCE = Pattern.compile(
            "&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\\t\\n\\f <&#;]{1,32};?)");
    private static final Pattern FTFY_REFERENCE = Pattern.compile("&#?[0-9A-Za-z]{1,24};");

    /** Numeric references that HTML5 maps to something else (Windows-1252 for 0x80-0x9F). */
    private static final Map<Integer, String> INVALID_NUMBER_REPLACEMENTS = Map.ofEntries(
            Map.entry(0x00, "\uFFFD"), Map.entry(0x0D, "\r"), Map.entry(0x80, "\u20AC"),
            Map.entry(0x81, "\u0081"), Map.entry(0x82, "\u201A"), Map.entry(0x83, "\u0192"),
            Map.entry(0x84, "\u201E"), Map.entry(0x85, "\u2026"), Map.entry(0x86, "\u2020"),
            Map.entry(0x87, "\u2021"), Map.entry(0x88, "\u02C6"), Map.entry(0x89, "\u2030"),
            Map.entry(0x8A, "\u0160"), Map.entry(0x8B, "\u2039"), Map.entry(0x8C, "\u0152"),
            Map.entry(0x8D, "\u008D"), Map.entry(0x8E, "\u017D"), Map.entry(0x8F, "\u008F"),
            Map.entry(0x90, "\u0090"), Map.entry(0x91, "\u2018"), Map.entry(0x92, "\u2019"),
            Map.entry(0x93, "\u201C"), Map.entry(0x94, "\u201D"), Map.entry(0x95, "\u2022"),
            Map.entry(0x96, "\u2013"), Map.entry(0x97, "\u2014"), Map.entry(0x98, "\u02DC"),
            Map.entry(0x99, "\u2122"), Map.entry(0x9A, "\u0161"), Map.entry(0x9B, "\u203A"),
            Map.entry(0x9C, "\u0153"), Map.entry(0x9D, "\u009D"), Map.entry(0x9E, "\u017E"),
            Map.entry(0x9F, "\u0178"));

    /**
     * The name tables, in a class of their own so that they are read (a few tens of milliseconds in a cold JVM)
     * only when a text has an '&' to decode, not by every process that tokenizes a caption.
     */
    private static final class Tables {
        /** Name (as listed, e.g. "amp;" and "amp") -> decoded text. */
        static final Map<String, String> HTML5 = readTable();
        /** "&name;" -> decoded text, for ftfy's variant. */
        static final Map<String, String> FTFY = buildFtfyTable();
    }

    private HtmlEntities() {
    }

    static MappedText unescapeLikePython(MappedText text) {
        if (text.text().indexOf('&') < 0) {
            return text;
        }
        Matcher m = PYTHON_REFERENCE.matcher(text.text());
        MappedText.Builder out = null;
        int copiedUpTo = 0;
        while (m.find()) {
            String body = m.group(1);
            int decodedLength; // chars of the match (from '&') that the decoded text replaces
            String decoded;
            if (body.charAt(0) == '#') {
                decoded = decodeNumber(body);
                decodedLength = m.end() - m.start();
            } else {
                decoded = Tables.HTML5.get(body);
                decodedLength = m.end() - m.start();
                for (int prefix = body.length() - 1; decoded == null && prefix >= 2; prefix--) {
                    decoded = Tables.HTML5.get(body.substring(0, prefix));
                    decodedLength = 1 + prefix;
                }
                if (decoded == null) {
                    continue;
                }
            }
            if (out == null) {
                out = text.builder();
            }
            out.copy(text, copiedUpTo, m.start())
                    .replace(text, m.start(), m.start() + decodedLength, decoded)
                    .copy(text, m.start() + decodedLength, m.end());
            copiedUpTo = m.end();
        }
        return out == null ? text : out.copy(text, copiedUpTo, text.length()).build();
    }

    static MappedText unescapeLikeFtfy(MappedText text) {
        if (text.text().indexOf('&') < 0) {
            return text;
        }
        return text.replaceAll(FTFY_REFERENCE, m -> {
            String reference = m.group();
            String decoded = Tables.FTFY.get(reference);
            if (decoded != null) {
                return decoded;
            }
            if (reference.startsWith("&#")) {
                String python = unescapeLikePython(MappedText.of(reference)).text();
                return python.indexOf(';') >= 0 ? null : python;
            }
            return null;
        });
    }

    /** body is "#123", "#x7B" or with a trailing ';'. */
    private static String decodeNumber(String body) {
        boolean hex = body.length() > 1 && (body.charAt(1) == 'x' || body.charAt(1) == 'X');
        String digits = body.substring(hex ? 2 : 1, body.endsWith(";") ? body.length() - 1 : body.length());
        long value = 0;
        for (int i = 0; i < digits.length(); i++) {
            value = value * (hex ? 16 : 10) + Character.digit(digits.charAt(i), hex ? 16 : 10);
            if (value > Character.MAX_CODE_POINT) {
                return "\uFFFD";
            }
        }
        int cp = (int) value;
        String replacement = INVALID_NUMBER_REPLACEMENTS.get(cp);
        if (replacement != null) {
            return replacement;
        }
        if (cp >= 0xD800 && cp <= 0xDFFF) {
            return "\uFFFD";
        }
        return isDroppedCodePoint(cp) ? "" : Character.toString(cp);
    }

    /** Control chars and noncharacters that HTML5 references decode to nothing. */
    private static boolean isDroppedCodePoint(int cp) {
        return (cp >= 0x01 && cp <= 0x08) || cp == 0x0B || (cp >= 0x0E && cp <= 0x1F)
                || (cp >= 0x7F && cp <= 0x9F) || (cp >= 0xFDD0 && cp <= 0xFDEF)
                || (cp & 0xFFFE) == 0xFFFE;
    }

    private static Map<String, String> readTable() {
        Map<String, String> table = new HashMap<>();
        try (InputStream in = HtmlEntities.class.getResourceAsStream("html5-entities.tsv")) {
            if (in == null) {
                throw new IllegalStateException("resource html5-entities.tsv is missing from the build");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.startsWith("#") || line.isEmpty()) {
                    continue;
                }
                int tab = line.indexOf('\t');
                StringBuilder value = new StringBuilder();
                for (String hex : line.substring(tab + 1).split(" ")) {
                    value.appendCodePoint(Integer.parseInt(hex, 16));
                }
                table.put(line.substring(0, tab), value.toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.copyOf(table);
    }

    private static Map<String, String> buildFtfyTable() {
        Map<String, String> table = new HashMap<>();
        for (Map.Entry<String, String> e : Tables.HTML5.entrySet()) {
            String name = e.getKey();
            if (!name.endsWith(";")) {
                continue;
            }
            table.put("&" + name, e.getValue());
            if (name.equals(name.toLowerCase(Locale.ROOT))) {
                String upper = "&" + name.toUpperCase(Locale.ROOT);
                if (unescapeLikePython(MappedText.of(upper)).text().equals(upper)) {
                    table.put(upper, e.getValue().toUpperCase(Locale.ROOT));
                }
            }
        }
        return Map.copyOf(table);
    }
}
