/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.train;

import dev.duet.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The training tables: their columns, their number formats, and rows read back as they were written. */
class TrainingTablesTest {

    @TempDir
    Path directory;

    private static final List<TrainingLogRow> LOG = List.of(
            new TrainingLogRow(1, 2.990479, 2.5e-6, 60.56621, 2.6592600345611572, 0.125, 0.25, 0.5, 95.43, 0, Double.NaN),
            new TrainingLogRow(2, 2.7695, 5e-6, 41.813, 2.65926, 0, 0.25, Double.NaN, 203.7, 0.123456, Double.NaN));

    /** SigLIP's steps, with their learnt bias. */
    private static final List<TrainingLogRow> SIGLIP_LOG = List.of(
            new TrainingLogRow(1, 0.990479, 1e-3, 6.5, 10.0, 0.25, 0.5, 0.5, 40.1, 0, -10.0009876),
            new TrainingLogRow(2, 0.8695, 1e-3, 4.25, 9.999, 0.5, 0.5, Double.NaN, 41.7, 0, -9.9981234));

    private static final EvaluationRow.Group NONE = new EvaluationRow.Group(Double.NaN, Double.NaN, Double.NaN);

    private static final List<EvaluationRow> EVALUATIONS = List.of(
            new EvaluationRow(0, 0, 1 / 6.0, 0.4705882, 1 / 9.0, 0.0625, 9, 0, 5, 0.25, 12.34567,
                    new TreeMap<>(Map.of("cyan", new EvaluationRow.Group(0, 0.125, 0.0625), "diamond",
                            new EvaluationRow.Group(0, 0.03125, 0.1), "hexagon", NONE))),
            new EvaluationRow(30, 1 / 6.0, 0, 0.4705882, 2 / 9.0, 0.0625, 9, 0, 5, 0.5, Double.NaN,
                    new TreeMap<>(Map.of("cyan", new EvaluationRow.Group(0, 0.5, 0.0625), "diamond",
                            new EvaluationRow.Group(1, 0.75, 0.1), "hexagon", NONE))));

    @Test
    void theLogHasItsColumnsAndFormats() {
        String text = new String(TrainingTables.logFile(LOG), StandardCharsets.UTF_8);
        assertEquals("""
                step\tloss\tlearning_rate\tgradient_norm\tlogit_scale\timage_to_text\ttext_to_image\thard_negative\tpairs_per_second\tgrounding_loss
                1\t2.99048\t2.500e-06\t60.5662\t2.6593\t0.1250\t0.2500\t0.5000\t95.4\t0.00000
                2\t2.76950\t5.000e-06\t41.8130\t2.6593\t0.0000\t0.2500\tNaN\t203.7\t0.12346
                """, text);
    }

    /**
     * A model with a logit bias (SigLIP) logs it last; a CLIP log keeps its columns, and reads back
     * with NaN biases, as does a SigLIP log written before the column existed.
     */
    @Test
    void siglipsLogEndsWithTheLogitBiasAndClipsKeepsItsColumns() throws IOException {
        String text = new String(TrainingTables.logFile(SIGLIP_LOG), StandardCharsets.UTF_8);
        assertEquals("""
                step\tloss\tlearning_rate\tgradient_norm\tlogit_scale\timage_to_text\ttext_to_image\thard_negative\tpairs_per_second\tgrounding_loss\tlogit_bias
                1\t0.99048\t1.000e-03\t6.5000\t10.0000\t0.2500\t0.5000\t0.5000\t40.1\t0.00000\t-10.00099
                2\t0.86950\t1.000e-03\t4.2500\t9.9990\t0.5000\t0.5000\tNaN\t41.7\t0.00000\t-9.99812
                """, text);
        Path log = Files.write(directory.resolve("siglip.tsv"), TrainingTables.logFile(SIGLIP_LOG));
        List<TrainingLogRow> read = TrainingTables.readLog(log);
        assertEquals(-10.00099, read.getFirst().logitBias());
        assertEquals(-9.99812, read.getLast().logitBias());
        assertArrayEquals(Files.readAllBytes(log), TrainingTables.logFile(read));
        String clip = new String(TrainingTables.logFile(LOG), StandardCharsets.UTF_8);
        assertFalse(clip.contains("logit_bias"), clip);
        Path older = Files.writeString(directory.resolve("older.tsv"), clip);
        assertTrue(TrainingTables.readLog(older).stream().allMatch(row -> Double.isNaN(row.logitBias())));
        List<TrainingLogRow> resumed = new java.util.ArrayList<>(TrainingTables.readLog(older));
        resumed.add(SIGLIP_LOG.getLast());
        assertTrue(new String(TrainingTables.logFile(resumed), StandardCharsets.UTF_8).lines()
                .skip(1).findFirst().orElseThrow().endsWith("\t0.00000\tNaN"), "an older step's bias is NaN");
    }

    @Test
    void theEvaluationTableEndsWithEachGroupsPointingGameThenMassInBoxThenChance() {
        String text = new String(TrainingTables.evaluationFile(Set.of("hexagon", "cyan", "diamond"), EVALUATIONS),
                StandardCharsets.UTF_8);
        assertEquals("""
                step\ttext_to_image\timage_to_text\thard_negative\tgrounding\tgrounding_chance\tphrases\tnew_concept_grounding\tnew_concept_phrases\tknown_concept_grounding\tphrases_per_second\tgrounding_cyan\tgrounding_diamond\tgrounding_hexagon\tmass_in_box_cyan\tmass_in_box_diamond\tmass_in_box_hexagon\tchance_cyan\tchance_diamond\tchance_hexagon
                0\t0.0000\t0.1667\t0.4706\t0.1111\t0.0625\t9\t0.0000\t5\t0.2500\t12.346\t0.0000\t0.0000\tNaN\t0.1250\t0.0313\tNaN\t0.0625\t0.1000\tNaN
                30\t0.1667\t0.0000\t0.4706\t0.2222\t0.0625\t9\t0.0000\t5\t0.5000\tNaN\t0.0000\t1.0000\tNaN\t0.5000\t0.7500\tNaN\t0.0625\t0.1000\tNaN
                """, text);
    }

    @Test
    void tablesReadBackToRowsThatWriteTheSameBytes() throws IOException {
        Path log = Files.write(directory.resolve(TrainingTables.LOG_FILE), TrainingTables.logFile(LOG));
        List<TrainingLogRow> readLog = TrainingTables.readLog(log);
        assertEquals(2, readLog.size());
        assertEquals(2.99048, readLog.getFirst().loss());
        assertArrayEquals(Files.readAllBytes(log), TrainingTables.logFile(readLog));

        Set<String> concepts = Set.of("cyan", "diamond", "hexagon");
        Path evaluations = Files.write(directory.resolve(TrainingTables.EVALUATION_FILE),
                TrainingTables.evaluationFile(concepts, EVALUATIONS));
        List<EvaluationRow> readEvaluations = TrainingTables.readEvaluations(evaluations);
        assertEquals(List.of("cyan", "diamond", "hexagon"), List.copyOf(readEvaluations.getFirst().groups().keySet()));
        assertEquals(new EvaluationRow.Group(1, 0.75, 0.1), readEvaluations.getLast().groups().get("diamond"));
        assertEquals(12.346, readEvaluations.getFirst().phrasesPerSecond());
        assertEquals(9, readEvaluations.getLast().phrases());
        assertArrayEquals(Files.readAllBytes(evaluations), TrainingTables.evaluationFile(concepts, readEvaluations));
        assertArrayEquals(TrainingTables.evaluationFile(Set.of(), List.of()),
                "step\ttext_to_image\timage_to_text\thard_negative\tgrounding\tgrounding_chance\tphrases\tnew_concept_grounding\tnew_concept_phrases\tknown_concept_grounding\tphrases_per_second\n"
                        .getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aTableOfTheEarlierLayoutStillReadsWithNaNForTheColumnsItLacks() throws IOException {
        // the head of runs/finetune-bound-shifted/evaluation.tsv, written before mass in box, chance and speed
        Path file = Files.writeString(directory.resolve("earlier.tsv"), """
                step\ttext_to_image\timage_to_text\thard_negative\tgrounding\tgrounding_chance\tphrases\tnew_concept_grounding\tnew_concept_phrases\tknown_concept_grounding\tgrounding_cyan\tgrounding_diamond\tgrounding_hexagon
                0\t0.7125\t0.7500\t0.8750\t0.7431\t0.0647\t144\t0.4390\t41\t0.7670\t0.2143\t0.6667\t0.4667
                """);
        EvaluationRow row = TrainingTables.readEvaluations(file).getFirst();
        assertEquals(144, row.phrases());
        assertEquals(0.7670, row.knownConceptGrounding());
        assertTrue(Double.isNaN(row.phrasesPerSecond()));
        assertEquals(new EvaluationRow.Group(0.6667, Double.NaN, Double.NaN), row.groups().get("diamond"));
        assertEquals(List.of("cyan", "diamond", "hexagon"), List.copyOf(row.groups().keySet()));
    }

    @Test
    void malformedTablesAreBadInputNamingTheLine() throws IOException {
        String header = new String(TrainingTables.logFile(List.of()), StandardCharsets.UTF_8);
        for (String[] bad : new String[][] {
                {"", "header"},
                {"step\tloss\n", "header"},
                {header + "1\t2\n", "line 2"},
                {header + "1\tx\t1\t1\t1\t1\t1\t1\t1\t1\n", "line 2, column 2"}}) {
            Path file = Files.writeString(directory.resolve("bad.tsv"), bad[0]);
            BadInputException thrown = assertThrows(BadInputException.class, () -> TrainingTables.readLog(file));
            assertTrue(thrown.getMessage().contains(bad[1]), thrown.getMessage());
        }
        String empty = new String(TrainingTables.evaluationFile(Set.of(), List.of()), StandardCharsets.UTF_8).strip();
        String[] badHeaders = {
            empty + "\tnot_a_concept\tmass_in_box_x\tchance_x",
            empty + "\tgrounding_cyan",
            empty + "\tgrounding_cyan\tchance_cyan\tmass_in_box_cyan",
            empty + "\tgrounding_cyan\tmass_in_box_cyan\tchance_diamond",
            empty + "\tgrounding_diamond\tgrounding_cyan\tmass_in_box_diamond\tmass_in_box_cyan\tchance_diamond\tchance_cyan",
            "step\ttext_to_image\timage_to_text\thard_negative\tgrounding\tgrounding_chance\tphrases\tnew_concept_grounding"
                    + "\tnew_concept_phrases\tknown_concept_grounding\tgrounding_cyan\tmass_in_box_cyan\tchance_cyan"};
        for (String badHeader : badHeaders) {
            Path file = Files.writeString(directory.resolve("concept.tsv"), badHeader + "\n");
            BadInputException thrown = assertThrows(BadInputException.class, () -> TrainingTables.readEvaluations(file),
                    badHeader);
            assertTrue(thrown.getMessage().contains("header"), thrown.getMessage());
        }
    }
}
