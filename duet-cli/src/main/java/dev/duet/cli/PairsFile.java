/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.duet.BadInputException;
import dev.duet.model.DualEncoder;
import dev.duet.report.PairBatch;
import dev.duet.tokenizer.CaptionSpan;
import dev.duet.tokenizer.CaptionWords;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The pairs of {@code explain --pairs}: JSONL (one object a line, {@code caption}, {@code image},
 * optional {@code spans}: caption words whose maps are kept) or CSV (a header row
 * {@code caption,image}, RFC 4180 quoting). Image paths are relative to the pairs file. Every
 * line is checked before any work (keys, the image file, the spans' words in the caption); a bad
 * line stops the run or, with {@link OnBadLine#skip}, is reported and left out.
 */
final class PairsFile {

    /** What a bad line does: stop before any work, or be reported on standard error and left out. */
    enum OnBadLine {
        fail,
        skip
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> JSONL_KEYS = Set.of("caption", "image", "spans");
    private static final List<String> CSV_HEADER = List.of("caption", "image");

    /** A line as parsed: a row, or a line that is not one. */
    private sealed interface Parsed permits Row, Malformed {
        int line();
    }

    /** A line as written, before its image and spans are checked. */
    private record Row(int line, String caption, String image, List<String> spans) implements Parsed {
    }

    private record Malformed(int line, String why) implements Parsed {
    }

    /** A line that cannot be explained, and why. */
    private static final class BadLine extends Exception {
        BadLine(String why) {
            super(why, null, false, false);
        }
    }

    private PairsFile() {
    }

    static List<PairBatch.Pair> read(Path file, DualEncoder model, OnBadLine onBadLine, PrintWriter err) {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(file, "pairs file not found");
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        List<PairBatch.Pair> pairs = new ArrayList<>();
        Path folder = file.toAbsolutePath().getParent();
        if (!name.endsWith(".jsonl") && !name.endsWith(".csv")) {
            throw new BadInputException(file, "a pairs file is .jsonl (one {\"caption\": ..., \"image\": ...} a line) or .csv "
                    + "(a header row caption,image)");
        }
        for (Parsed parsed : name.endsWith(".jsonl") ? jsonl(file) : csv(file)) {
            int line = parsed.line();
            try {
                pairs.add(switch (parsed) {
                    case Row row -> pair(row, folder, model);
                    case Malformed malformed -> throw new BadLine(malformed.why());
                });
            } catch (BadLine bad) {
                if (onBadLine == OnBadLine.fail) {
                    throw new BadInputException(file, "line " + line + ": " + bad.getMessage()
                            + " (--on-bad-line skip leaves such lines out)");
                }
                err.println("duet: " + file + ": line " + line + " left out: " + bad.getMessage());
            }
        }
        if (pairs.isEmpty()) {
            throw new BadInputException(file, "holds no pairs to explain");
        }
        return pairs;
    }

    private static PairBatch.Pair pair(Row row, Path folder, DualEncoder model) throws BadLine {
        if (row.caption() == null || row.caption().isBlank()) {
            throw new BadLine("no caption");
        }
        if (row.image() == null || row.image().isBlank()) {
            throw new BadLine("no image");
        }
        Path image = folder.resolve(row.image()).normalize();
        if (!Files.isRegularFile(image)) {
            throw new BadLine("image " + image + " not found");
        }
        List<CaptionSpan> spans = new ArrayList<>();
        try {
            CaptionWords words = CaptionWords.of(model.tokenize(row.caption()));
            for (String span : row.spans()) {
                spans.add(words.find(span));
            }
        } catch (BadInputException | IllegalArgumentException e) {
            throw new BadLine(e.getMessage());
        }
        return new PairBatch.Pair(row.line(), row.caption(), image, spans);
    }

    private static List<Parsed> jsonl(Path file) {
        List<String> lines = readLines(file);
        List<Parsed> rows = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            int line = i + 1;
            if (lines.get(i).isBlank()) {
                continue;
            }
            try {
                rows.add(jsonlRow(line, JSON.readTree(lines.get(i))));
            } catch (JsonProcessingException e) {
                rows.add(new Malformed(line, "not JSON: " + e.getOriginalMessage()));
            } catch (BadLine bad) {
                rows.add(new Malformed(line, bad.getMessage()));
            }
        }
        return rows;
    }

    private static Row jsonlRow(int line, JsonNode node) throws BadLine {
        if (node == null || !node.isObject()) {
            throw new BadLine("not a JSON object");
        }
        for (String key : (Iterable<String>) node::fieldNames) {
            if (!JSONL_KEYS.contains(key)) {
                throw new BadLine("unknown key \"" + key + "\" (the keys are caption, image and spans)");
            }
        }
        List<String> spans = new ArrayList<>();
        JsonNode given = node.get("spans");
        if (given != null) {
            if (!given.isArray()) {
                throw new BadLine("\"spans\" is not a list of caption words");
            }
            for (JsonNode span : given) {
                if (!span.isTextual()) {
                    throw new BadLine("\"spans\" holds " + span + ", not caption words");
                }
                spans.add(span.asText());
            }
        }
        return new Row(line, text(node, "caption"), text(node, "image"), spans);
    }

    private static String text(JsonNode node, String key) throws BadLine {
        JsonNode value = node.get(key);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            throw new BadLine("\"" + key + "\" is " + value + ", not a string");
        }
        return value.asText();
    }

    private static List<Parsed> csv(Path file) {
        CsvMapper mapper = new CsvMapper();
        List<Parsed> rows = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             MappingIterator<List<String>> records = mapper.readerForListOf(String.class)
                     .with(com.fasterxml.jackson.dataformat.csv.CsvParser.Feature.WRAP_AS_ARRAY)
                     .with(CsvSchema.emptySchema()).readValues(reader)) {
            if (!records.hasNext() || !records.next().stream().map(String::strip).toList().equals(CSV_HEADER)) {
                throw new BadInputException(file, "line 1: the header row must be caption,image");
            }
            while (records.hasNext()) {
                int line = records.getCurrentLocation().getLineNr();
                List<String> fields = records.next();
                if (fields.size() == 1 && fields.getFirst().isBlank()) {
                    continue;
                }
                rows.add(fields.size() == 2 ? new Row(line, fields.get(0), fields.get(1), List.of())
                        : new Malformed(line, fields.size() + " fields, not the 2 of caption,image"));
            }
        } catch (CharacterCodingException e) {
            throw new BadInputException(file, "not UTF-8 text", e);
        } catch (IOException | RuntimeException e) {
            if (e instanceof BadInputException bad) {
                throw bad;
            }
            throw new BadInputException(file, "malformed CSV: " + (e instanceof JsonProcessingException json
                    ? json.getOriginalMessage() : e.getMessage()), e);
        }
        return rows;
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new BadInputException(file, "not UTF-8 text", e);
        } catch (IOException e) {
            throw new BadInputException(file, "cannot read: " + e.getMessage(), e);
        }
    }
}
