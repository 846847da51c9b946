/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A few steps of training write a checkpoint the runtime loads and explains, plus the logs. */
class TrainCommandTest {

    @TempDir
    Path directory;

    @Test
    void trainedModelLoadsAndExplains() throws IOException {
        Path model = directory.resolve("model");
        CliContractTest.Result trained = CliContractTest.run("train", "--out", model.toString(), "--tokenizer-from",
                CliContractTest.model(), "--merges", "1000", "--steps", "3", "--batch", "4", "--negatives", "2",
                "--eval-every", "2", "--eval-scenes", "4", "--threads", "2");
        assertEquals(0, trained.exit(), trained.err());
        assertTrue(Files.size(model.resolve("training-curves.png")) > 1000, "curves plotted");
        List<String> log = Files.readAllLines(model.resolve("training-log.tsv"));
        assertEquals(4, log.size(), "header and one line per step");
        List<String> evaluation = Files.readAllLines(model.resolve("evaluation.tsv"));
        assertEquals(4, evaluation.size(), "header, step 0, step 2 and the last step");
        Path json = directory.resolve("explanation.json");
        CliContractTest.Result explained = CliContractTest.run("explain", "--model", model.toString(), "--caption",
                "a red circle", "--image", CliContractTest.image(0), "--json", json.toString());
        assertEquals(0, explained.exit(), explained.err());
        JsonNode result = new ObjectMapper().readTree(json.toFile());
        assertEquals(8, result.get("grid").get(0).asInt(), "64 px in 8 px patches");
        assertTrue(Math.abs(result.get("completeness").get("error").asDouble()) < 1e-3);
    }

    @Test
    void shapeOptionsAndTheShiftedBoundWorldsConceptColumns() throws IOException {
        Path model = directory.resolve("shaped");
        CliContractTest.Result trained = CliContractTest.run("train", "--out", model.toString(), "--tokenizer-from",
                CliContractTest.model(), "--merges", "1000", "--steps", "2", "--batch", "4", "--negatives", "2",
                "--eval-scenes", "4", "--threads", "2", "--world", "bound_shifted", "--width", "64", "--text-layers", "1",
                "--vision-layers", "2", "--image-size", "48", "--patch-size", "12");
        assertEquals(0, trained.exit(), trained.err());
        JsonNode config = new ObjectMapper().readTree(model.resolve("config.json").toFile());
        assertEquals(64, config.get("text_config").get("hidden_size").asInt(), config.toString());
        assertEquals(1, config.get("text_config").get("num_hidden_layers").asInt(), config.toString());
        assertEquals(2, config.get("vision_config").get("num_attention_heads").asInt(), "heads of 32 channels");
        assertEquals(48, config.get("vision_config").get("image_size").asInt(), config.toString());
        assertEquals(12, config.get("vision_config").get("patch_size").asInt(), config.toString());
        List<String> evaluation = Files.readAllLines(model.resolve("evaluation.tsv"));
        assertTrue(evaluation.getFirst().endsWith("\tknown_concept_grounding\tphrases_per_second\tgrounding_cyan"
                + "\tgrounding_diamond\tgrounding_hexagon\tmass_in_box_cyan\tmass_in_box_diamond\tmass_in_box_hexagon"
                + "\tchance_cyan\tchance_diamond\tchance_hexagon"), evaluation.getFirst());
        assertEquals(20, evaluation.get(1).split("\t").length, evaluation.get(1));
        assertEquals(2, CliContractTest.run("train", "--out", directory.resolve("odd").toString(), "--tokenizer-from",
                CliContractTest.model(), "--steps", "1", "--width", "100").exit(), "width not a multiple of 32");
    }

    @Test
    void keepBestWritesTheWeightsOfAnEvaluatedStep() throws IOException {
        Path model = directory.resolve("best");
        CliContractTest.Result trained = CliContractTest.run("train", "--out", model.toString(), "--tokenizer-from",
                CliContractTest.model(), "--merges", "1000", "--steps", "4", "--batch", "4", "--negatives", "2",
                "--eval-every", "2", "--eval-scenes", "4", "--threads", "2", "--keep-best");
        assertEquals(0, trained.exit(), trained.err());
        try (var weights = dev.duet.model.safetensors.SafetensorsFile.open(model.resolve("model.safetensors"))) {
            assertTrue(List.of("0", "2", "4").contains(weights.metadata().get("weights_of_step")),
                    "an evaluated step: " + weights.metadata());
        }
    }

    @Test
    void groundingLossIsLoggedAndRecorded() throws IOException {
        Path model = directory.resolve("grounded");
        CliContractTest.Result trained = CliContractTest.run("train", "--out", model.toString(), "--tokenizer-from",
                CliContractTest.model(), "--merges", "1000", "--steps", "2", "--batch", "4", "--negatives", "2",
                "--eval-scenes", "4", "--threads", "2", "--grounding-weight", "0.5", "--grounding-temperature", "8");
        assertEquals(0, trained.exit(), trained.err());
        List<String> log = Files.readAllLines(model.resolve("training-log.tsv"));
        assertTrue(log.get(0).endsWith("\tpairs_per_second\tgrounding_loss"), log.get(0));
        for (String line : log.subList(1, log.size())) {
            String[] cells = line.split("\t");
            double grounding = Double.parseDouble(cells[9]);
            assertTrue(grounding > 0 && grounding < Double.parseDouble(cells[1]), "grounding is part of the loss: " + line);
        }
        try (var weights = dev.duet.model.safetensors.SafetensorsFile.open(model.resolve("model.safetensors"))) {
            assertEquals("0.5", weights.metadata().get("grounding_weight"));
            assertEquals("8.0", weights.metadata().get("grounding_temperature"));
        }
    }

    @Test
    void badGroundingSettingsAreUsageErrors() {
        for (String[] setting : new String[][] {{"--grounding-weight", "-1"}, {"--grounding-weight", "NaN"},
                {"--grounding-temperature", "0"}, {"--grounding-temperature", "Infinity"}}) {
            CliContractTest.Result result = CliContractTest.run("train", "--out", directory.resolve("m").toString(),
                    "--tokenizer-from", CliContractTest.model(), "--steps", "1", setting[0], setting[1]);
            assertEquals(2, result.exit(), String.join(" ", setting));
            assertTrue(result.err().contains(setting[0]), result.err());
            assertEquals(1, result.err().strip().lines().count(), "one line: " + result.err());
        }
        assertFalse(Files.exists(directory.resolve("m")), "nothing written before the settings are checked");
    }

    @Test
    void fineTuningNeedsAModelOrATokenizer() {
        CliContractTest.Result result = CliContractTest.run("train", "--out", directory.resolve("m").toString(), "--steps", "1");
        assertEquals(2, result.exit());
        assertTrue(result.err().contains("--tokenizer-from"), result.err());
    }
}
