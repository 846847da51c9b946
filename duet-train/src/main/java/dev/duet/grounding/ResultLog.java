/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.grounding;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.duet.BadInputException;

import java.io.Closeable;
import java.io.IOException;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The results of a run, one JSON object a line, appended and flushed as each is done. Opening
 * an existing log keeps its complete lines and cuts off a last line that a killed run left
 * unfinished (no newline); a complete line that does not parse means the file is not Duet's and
 * is refused. Doubles are written in their shortest exact form, so a result read back is the
 * result written.
 */
public final class ResultLog implements Closeable {

    public static final String FILE = "results.jsonl";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final Map<String, LoggedResult> done;
    private final Writer writer;

    private ResultLog(Path file, Map<String, LoggedResult> done, Writer writer) {
        this.file = file;
        this.done = done;
        this.writer = writer;
    }

    public static ResultLog open(Path file) {
        Map<String, LoggedResult> done = new LinkedHashMap<>();
        try {
            if (Files.exists(file)) {
                byte[] bytes = Files.readAllBytes(file);
                int complete = bytes.length;
                while (complete > 0 && bytes[complete - 1] != '\n') {
                    complete--;
                }
                if (complete < bytes.length) {
                    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                        channel.truncate(complete);
                    }
                }
                String[] lines = new String(bytes, 0, complete, StandardCharsets.UTF_8).split("\n");
                for (int i = 0; i < lines.length; i++) {
                    if (!lines[i].isEmpty()) {
                        LoggedResult result = parse(file, i + 1, lines[i]);
                        done.put(result.key(), result);
                    }
                }
            }
            Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            return new ResultLog(file, done, writer);
        } catch (IOException e) {
            throw new BadInputException(file, "cannot read or append: " + e.getMessage(), e);
        }
    }

    /**
     * A log kept in memory only, for scores that are recomputed rather than resumed (the held-out
     * evaluations of a training run, whose weights change between them).
     */
    public static ResultLog inMemory() {
        return new ResultLog(null, new LinkedHashMap<>(), Writer.nullWriter());
    }

    /** The results already in the log, by key. */
    public Map<String, LoggedResult> done() {
        return Map.copyOf(done);
    }

    public void append(LoggedResult result) {
        try {
            writer.write(JSON.writeValueAsString(toJson(result)));
            writer.write('\n');
            writer.flush();
            done.put(result.key(), result);
        } catch (IOException e) {
            throw new BadInputException(file, "cannot append: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }

    static ObjectNode toJson(LoggedResult result) {
        ObjectNode node = JSON.createObjectNode();
        node.put("key", result.key());
        node.put("label", result.label());
        switch (result) {
            case LoggedResult.Phrase phrase -> {
                node.put("kind", "phrase");
                node.put("size", phrase.size().jsonName());
                node.put("chance", phrase.chance());
                ObjectNode scores = node.putObject("scores");
                phrase.scores().forEach((name, score) ->
                        scores.putObject(name).put("hit", score.hit()).put("mass", score.mass()));
            }
            case LoggedResult.Contrast contrast -> {
                node.put("kind", "contrast");
                node.put("positive", contrast.positive());
                node.put("negative", contrast.negative());
            }
        }
        return node;
    }

    private static LoggedResult parse(Path file, int line, String text) {
        try {
            JsonNode node = JSON.readTree(text);
            String key = node.path("key").textValue();
            String label = node.path("label").textValue();
            String kind = node.path("kind").textValue();
            if (key == null || label == null || kind == null) {
                throw new BadInputException(file, "line " + line + ": not a result of duet eval (needs key, label, kind)");
            }
            if (kind.equals("contrast")) {
                return new LoggedResult.Contrast(key, label, number(file, line, node, "positive"),
                        number(file, line, node, "negative"));
            }
            BoxSize size = List.of(BoxSize.values()).stream().filter(s -> s.jsonName().equals(node.path("size").textValue()))
                    .findFirst().orElseThrow(() -> new BadInputException(file, "line " + line + ": unknown size"));
            java.util.SortedMap<String, LoggedResult.Score> scores = new java.util.TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.path("scores").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                scores.put(entry.getKey(), new LoggedResult.Score(entry.getValue().path("hit").booleanValue(),
                        number(file, line, entry.getValue(), "mass")));
            }
            return new LoggedResult.Phrase(key, label, size, number(file, line, node, "chance"), scores);
        } catch (JsonProcessingException e) {
            throw new BadInputException(file, "line " + line + ": not JSON (" + e.getOriginalMessage() + ")", e);
        }
    }

    private static double number(Path file, int line, JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (!value.isNumber()) {
            throw new BadInputException(file, "line " + line + ": '" + field + "' must be a number");
        }
        return value.doubleValue();
    }
}
