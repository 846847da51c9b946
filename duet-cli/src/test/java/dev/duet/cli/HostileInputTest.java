/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.duet.model.safetensors.DType;
import dev.duet.model.safetensors.SafetensorsFile;
import dev.duet.model.safetensors.SafetensorsWriter;
import dev.duet.model.safetensors.TensorInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 17: what a hostile user tried, each kind refused with one line and exit 2, and bugs told apart from bad input. */
class HostileInputTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PROMPTLY = Duration.ofSeconds(60);

    @TempDir
    Path directory;

    @Command(name = "failing")
    static final class Failing implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new IllegalArgumentException("index 7 out of bounds for length 3");
        }
    }

    @Test
    void aFailureInsideDuetExitsOneAndSaysItIsABug() {
        StringWriter err = new StringWriter();
        int exit = DuetCommand.run(new CommandLine(new Failing()), new String[0], new PrintWriter(new StringWriter(), true),
                new PrintWriter(err, true));
        assertEquals(1, exit, "an IllegalArgumentException is a bug, not bad input: " + err);
        assertTrue(err.toString().startsWith("duet: internal error (a bug in Duet"), err.toString());
        if (System.getenv(DuetCommand.DEBUG_VARIABLE) == null) {
            assertEquals(1, err.toString().strip().lines().count(), "one line without DUET_DEBUG: " + err);
            assertTrue(err.toString().contains("please report it") && err.toString().contains("DUET_DEBUG=1"), err.toString());
        }
    }

    @Test
    void aMistypedOptionIsOneLineWithAHint() {
        CliContractTest.Result result = CliContractTest.run("explain", "--modle", "x", "--caption", "a", "--image", "b");
        assertBadInput(result);
        assertTrue(result.err().contains("'duet explain --help'"), result.err());
        CliContractTest.Result command = CliContractTest.run("explian");
        assertBadInput(command);
        assertTrue(command.err().contains("'duet --help'"), command.err());
    }

    @Test
    void aFileNameWithANewlineStaysOneLine() throws IOException {
        CliContractTest.Result result = CliContractTest.run("explain", "--model", CliContractTest.model(), "--caption", "a",
                "--image", directory.resolve("two\nlines.png").toString());
        assertBadInput(result);
        assertTrue(result.err().contains("two\\nlines.png"), result.err());
    }

    @Test
    void numericOptionsAreRangeChecked() throws IOException {
        String image = CliContractTest.image(0);
        Path out = directory.resolve("never.json");
        List<List<String>> settings = List.of(List.of("--image-layer", "-1"), List.of("--text-layer", "-1"),
                List.of("--image-layer", "99"), List.of("--image-reference", "blur", "--blur-sigma", "1e9"),
                List.of("--image-reference", "blur", "--blur-sigma", "1e6"), List.of("--image-reference", "blur", "--blur-sigma", "NaN"),
                List.of("--tolerance", "NaN"), List.of("--tolerance", "-1"), List.of("--steps", "100000"),
                List.of("--image-reference", "constant", "--reference-colour", "1,2,300"), List.of("--threads", "0"));
        for (List<String> setting : settings) {
            List<String> args = new java.util.ArrayList<>(List.of("explain", "--model", CliContractTest.model(), "--caption",
                    "a red circle", "--image", image, "--json", out.toString()));
            args.addAll(setting);
            CliContractTest.Result result = assertTimeoutPreemptively(PROMPTLY, () -> CliContractTest.run(args.toArray(String[]::new)));
            assertBadInput(result);
            assertFalse(Files.exists(out), "nothing written for " + setting);
        }
        for (List<String> setting : List.of(List.of("--lr", "1e30"), List.of("--lr", "NaN"), List.of("--lr", "0"),
                List.of("--warmup", "-1"), List.of("--pull", "Infinity"), List.of("--merges", "0"))) {
            List<String> args = new java.util.ArrayList<>(List.of("train", "--out", directory.resolve("m").toString(),
                    "--tokenizer-from", CliContractTest.model(), "--steps", "1"));
            args.addAll(setting);
            assertBadInput(CliContractTest.run(args.toArray(String[]::new)));
            assertFalse(Files.exists(directory.resolve("m")), "nothing written for " + setting);
        }
    }

    @Test
    void outputsNeverReplaceAnythingButARegularFile() throws Exception {
        Path folder = Files.createDirectories(directory.resolve("folder"));
        Path fifo = mkfifo(directory.resolve("pipe"));
        Path link = Files.createSymbolicLink(directory.resolve("null-link"), Path.of("/dev/null"));
        String image = CliContractTest.image(0);
        for (Path target : List.of(Path.of("/dev/null"), folder, fifo, link)) {
            for (String option : List.of("--json", "--heatmap")) {
                CliContractTest.Result result = assertTimeoutPreemptively(PROMPTLY, () -> CliContractTest.run("explain",
                        "--model", CliContractTest.model(), "--caption", "a red circle", "--image", image, option, target.toString()));
                assertBadInput(result);
                assertTrue(result.err().contains("not a regular file"), result.err());
            }
        }
        assertTrue(Files.exists(Path.of("/dev/null")) && !Files.isRegularFile(Path.of("/dev/null")), "/dev/null is still a device");
        assertTrue(Files.isDirectory(folder) && Files.isSymbolicLink(link) && !Files.isRegularFile(fifo));

        Path same = directory.resolve("same");
        CliContractTest.Result twice = CliContractTest.run("explain", "--model", CliContractTest.model(), "--caption",
                "a red circle", "--image", image, "--json", same.toString(), "--heatmap", same.toString());
        assertBadInput(twice);
        assertFalse(Files.exists(same), "neither output written");

        Path copy = Files.copy(Path.of(image), directory.resolve("photo.png"));
        byte[] photo = Files.readAllBytes(copy);
        assertBadInput(CliContractTest.run("explain", "--model", CliContractTest.model(), "--caption", "a red circle",
                "--image", copy.toString(), "--heatmap", copy.toString()));
        assertArrayEquals(photo, Files.readAllBytes(copy), "the input image is untouched");
        assertLeavesNoTemporaries(directory);
    }

    @Test
    void fineTuningOntoItsOwnModelIsRefused() throws IOException {
        Path model = copyOfTinyModel("model");
        byte[] weights = Files.readAllBytes(model.resolve("model.safetensors"));
        CliContractTest.Result result = CliContractTest.run("finetune", "--init", model.toString(), "--out",
                model.resolve(".").toString(), "--steps", "1", "--batch", "2", "--eval-scenes", "2");
        assertBadInput(result);
        assertTrue(result.err().contains("--init"), result.err());
        assertArrayEquals(weights, Files.readAllBytes(model.resolve("model.safetensors")), "the source checkpoint is untouched");
    }

    @Test
    void readersRefuseWhatIsNotARegularFile() throws Exception {
        for (String name : List.of("vocab.json", "merges.txt", "config.json", "preprocessor_config.json")) {
            for (boolean pipe : new boolean[] {true, false}) {
                Path model = copyOfTinyModel(name + (pipe ? "-pipe" : "-zero"));
                Files.delete(model.resolve(name));
                if (pipe) {
                    mkfifo(model.resolve(name));
                } else {
                    Files.createSymbolicLink(model.resolve(name), Path.of("/dev/zero"));
                }
                CliContractTest.Result result = assertTimeoutPreemptively(PROMPTLY, () -> CliContractTest.run("explain",
                        "--model", model.toString(), "--caption", "a red circle", "--image", CliContractTest.image(0)));
                assertBadInput(result);
                assertTrue(result.err().contains(name) && result.err().contains("not a regular file"), result.err());
            }
        }
        Path pipe = mkfifo(directory.resolve("image.png"));
        CliContractTest.Result image = assertTimeoutPreemptively(PROMPTLY, () -> CliContractTest.run("preprocess", "--model",
                CliContractTest.model(), "--image", pipe.toString()));
        assertBadInput(image);
        assertTrue(image.err().contains("image.png"), image.err());
    }

    @Test
    void configSizesAreBoundedBeforeAllocation() throws IOException {
        for (Map.Entry<String, Long> field : Map.of("num_hidden_layers", 2_000_000_000L, "hidden_size", 1_000_000_000L,
                "intermediate_size", 2_000_000_000L, "max_position_embeddings", 2_000_000_000L).entrySet()) {
            Path model = copyOfTinyModel("config-" + field.getKey());
            ObjectNode config = (ObjectNode) JSON.readTree(model.resolve("config.json").toFile());
            ((ObjectNode) config.get("text_config")).put(field.getKey(), field.getValue());
            JSON.writeValue(model.resolve("config.json").toFile(), config);
            CliContractTest.Result result = assertTimeoutPreemptively(PROMPTLY, () -> CliContractTest.run("embed", "--model",
                    model.toString(), "--text", "a red circle"));
            assertBadInput(result);
            assertTrue(result.err().contains("config.json"), result.err());
        }
        Path model = copyOfTinyModel("vision-config");
        ObjectNode config = (ObjectNode) JSON.readTree(model.resolve("config.json").toFile());
        ((ObjectNode) config.get("vision_config")).put("num_hidden_layers", 1000).put("hidden_size", 65536)
                .put("intermediate_size", 262144);
        JSON.writeValue(model.resolve("config.json").toFile(), config);
        CliContractTest.Result result = assertTimeoutPreemptively(PROMPTLY, () -> CliContractTest.run("embed", "--model",
                model.toString(), "--text", "a red circle"));
        assertBadInput(result);
        assertTrue(result.err().contains("model.safetensors"), "the file's header refuses the shapes: " + result.err());
    }

    @Test
    void resultsThatAreNotFiniteAreReportedWhereTheyFirstAppear() throws IOException {
        UnaryOperator<float[]> huge = values -> {
            float[] scaled = values.clone();
            for (int i = 0; i < scaled.length; i++) {
                scaled[i] *= 1e30f;
            }
            return scaled;
        };
        Path model = copyWithWeights("huge", Map.of("text_model.encoder.layers.1.mlp.fc1.weight", huge,
                "text_model.encoder.layers.1.mlp.fc2.weight", huge));
        CliContractTest.Result embedded = CliContractTest.run("embed", "--model", model.toString(), "--text", "a red circle");
        assertBadInput(embedded);
        assertTrue(embedded.err().contains("not finite") && embedded.err().contains("text block 1"), embedded.err());
        Path out = directory.resolve("never.json");
        CliContractTest.Result explained = CliContractTest.run("explain", "--model", model.toString(), "--caption",
                "a red circle", "--image", CliContractTest.image(0), "--json", out.toString());
        assertBadInput(explained);
        assertTrue(explained.err().contains("text block 1"), explained.err());
        assertFalse(Files.exists(out));

        Path tinyStd = copyOfTinyModel("std");
        ObjectNode preprocessing = (ObjectNode) JSON.readTree(tinyStd.resolve("preprocessor_config.json").toFile());
        preprocessing.putArray("image_std").add(1e-45).add(1e-45).add(1e-45);
        JSON.writeValue(tinyStd.resolve("preprocessor_config.json").toFile(), preprocessing);
        CliContractTest.Result std = CliContractTest.run("embed", "--model", tinyStd.toString(), "--image", CliContractTest.image(0));
        assertBadInput(std);
        assertTrue(std.err().contains("image_std"), std.err());

        Path scale = copyWithWeights("scale", Map.of("logit_scale", values -> new float[] {1000f}));
        CliContractTest.Result logit = CliContractTest.run("embed", "--model", scale.toString(), "--text", "a");
        assertBadInput(logit);
        assertTrue(logit.err().contains("logit_scale"), logit.err());
    }

    @Test
    void trainingFromAModelThatOverflowsStopsWithExitTwoAndWritesNothing() throws IOException {
        UnaryOperator<float[]> huge = values -> {
            float[] scaled = values.clone();
            for (int i = 0; i < scaled.length; i++) {
                scaled[i] *= 1e30f;
            }
            return scaled;
        };
        Path model = copyWithWeights("overflowing", Map.of("text_model.encoder.layers.1.mlp.fc1.weight", huge,
                "text_model.encoder.layers.1.mlp.fc2.weight", huge));
        Path parent = Files.createDirectories(directory.resolve("fine-tuned"));
        CliContractTest.Result result = CliContractTest.run("finetune", "--init", model.toString(), "--out",
                parent.resolve("model").toString(), "--steps", "2", "--batch", "2", "--negatives", "0", "--eval-scenes", "2",
                "--threads", "2");
        assertBadInput(result);
        assertTrue(result.err().contains("not finite") || result.err().contains("diverged"), result.err());
        try (Stream<Path> left = Files.list(parent)) {
            assertEquals(List.of(), left.toList(), "nothing written");
        }
    }

    @Test
    void failedTrainingLeavesNoOutputFolder() throws IOException {
        Path parent = Files.createDirectories(directory.resolve("runs"));
        CliContractTest.Result result = CliContractTest.run("train", "--out", parent.resolve("model").toString(),
                "--tokenizer-from", CliContractTest.model(), "--merges", "999999", "--steps", "1", "--batch", "2",
                "--eval-scenes", "2");
        assertBadInput(result);
        try (Stream<Path> left = Files.list(parent)) {
            assertEquals(List.of(), left.toList(), "no output folder and no staging folder left");
        }
    }

    private static void assertBadInput(CliContractTest.Result result) {
        assertEquals(2, result.exit(), result.err());
        assertTrue(result.err().startsWith("duet: ") && !result.err().contains("internal error"), result.err());
        assertEquals(1, result.err().strip().lines().count(), "one line: " + result.err());
    }

    private static void assertLeavesNoTemporaries(Path folder) throws IOException {
        try (Stream<Path> left = Files.walk(folder)) {
            assertTrue(left.noneMatch(p -> p.getFileName().toString().endsWith(".part")), "no temporary files left");
        }
    }

    private Path copyOfTinyModel(String name) throws IOException {
        Path target = Files.createDirectories(directory.resolve(name));
        try (Stream<Path> files = Files.list(Path.of(CliContractTest.model()))) {
            for (Path file : files.toList()) {
                Files.copy(file, target.resolve(file.getFileName()));
            }
        }
        return target;
    }

    private Path copyWithWeights(String name, Map<String, UnaryOperator<float[]>> changes) throws IOException {
        Path target = copyOfTinyModel(name);
        SafetensorsWriter writer = new SafetensorsWriter();
        try (SafetensorsFile weights = SafetensorsFile.open(target.resolve("model.safetensors"))) {
            for (TensorInfo tensor : weights.tensors().values()) {
                float[] values = weights.readFloats(tensor.name());
                writer.put(tensor.name(), changes.getOrDefault(tensor.name(), UnaryOperator.identity()).apply(values),
                        tensor.shape());
            }
        }
        writer.write(target.resolve("model.safetensors"), DType.F32);
        return target;
    }

    private static Path mkfifo(Path path) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
        assertEquals(0, process.waitFor(), "mkfifo " + path);
        return path;
    }
}
