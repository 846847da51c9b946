/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.duet.AtomicFiles;
import dev.duet.BadInputException;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Prints JSON, or writes it (and any output file) atomically: complete or not at all. */
final class JsonOutput {

    /** The file name {@code -} in {@code --json -}: the JSON goes to standard output, and nothing else does. */
    static final String STANDARD_OUTPUT = "-";

    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonOutput() {
    }

    static ObjectMapper mapper() {
        return JSON;
    }

    static void print(PrintWriter out, JsonNode node) {
        try {
            out.println(JSON.writeValueAsString(node));
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise JSON", e);
        }
    }

    static boolean toStandardOutput(Path target) {
        return target != null && target.toString().equals(STANDARD_OUTPUT);
    }

    /** Prints the JSON when {@code target} is {@code -}, else writes it to the file. */
    static void emit(Path target, JsonNode node, PrintWriter out) {
        if (toStandardOutput(target)) {
            print(out, node);
        } else {
            write(target, node);
        }
    }

    static void write(Path file, JsonNode node) {
        try {
            writeAtomically(file, JSON.writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(node)
                    .getBytes(StandardCharsets.UTF_8));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise JSON", e);
        }
    }

    /** Writes to a temporary sibling, then moves it into place, so no partial file is ever left. */
    static void writeAtomically(Path file, byte[] bytes) {
        AtomicFiles.write(file, bytes);
    }

    /**
     * Refuses, before any work, outputs that cannot be written (see {@link AtomicFiles#checkTarget}) and two
     * outputs, or an output and an input, that are the same file: one would silently replace the other.
     * Absent paths are null; {@code -} (standard output) is no file.
     */
    static void checkOutputs(List<Path> inputs, Path... outputs) {
        List<Path> given = new ArrayList<>();
        for (Path output : outputs) {
            if (output == null || toStandardOutput(output)) {
                continue;
            }
            AtomicFiles.checkTarget(output);
            for (Path earlier : given) {
                if (sameFile(earlier, output)) {
                    throw new BadInputException(output, "is given as two outputs; each output needs its own file");
                }
            }
            for (Path input : inputs) {
                if (input != null && sameFile(input, output)) {
                    throw new BadInputException(output, "is also an input; writing it would replace what is read");
                }
            }
            given.add(output);
        }
    }

    static boolean sameFile(Path first, Path second) {
        if (first.toAbsolutePath().normalize().equals(second.toAbsolutePath().normalize())) {
            return true;
        }
        try {
            return Files.exists(first) && Files.exists(second) && Files.isSameFile(first, second);
        } catch (IOException e) {
            return false;
        }
    }
}
