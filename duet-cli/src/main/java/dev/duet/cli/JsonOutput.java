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
        Path absolute = file.toAbsolutePath();
        Path parent = absolute.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new BadInputException(file, "cannot write: folder " + parent + " does not exist");
        }
        try {
            AtomicFiles.write(file, bytes);
        } catch (IOException e) {
            throw new BadInputException(file, "cannot write: " + e.getMessage(), e);
        }
    }
}
