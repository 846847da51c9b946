/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.train;

import dev.duet.BadInputException;
import dev.duet.InputFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * The two tables a training run writes beside its checkpoint, and the only class that knows their
 * columns: {@code training-log.tsv} (one {@link TrainingLogRow} per step) and {@code evaluation.tsv}
 * (one {@link EvaluationRow} per held-out evaluation, then for each group, a world's new concepts or a
 * data set's classes, sorted: its pointing game {@code grounding_GROUP}, then its mass in box
 * {@code mass_in_box_GROUP}, then its chance level {@code chance_GROUP}, each kind a block of
 * columns). Tab-separated with a header line, numbers in {@link Locale#ROOT}, NaN as {@code NaN};
 * a resumed run reads its checkpoint's tables back into the same rows.
 */
public final class TrainingTables {

    public static final String LOG_FILE = "training-log.tsv";
    public static final String EVALUATION_FILE = "evaluation.tsv";

    /** grounding_loss is last so that the columns before it keep the places they had before it existed. */
    private static final List<String> LOG_COLUMNS = List.of("step", "loss", "learning_rate", "gradient_norm",
            "logit_scale", "image_to_text", "text_to_image", "hard_negative", "pairs_per_second", "grounding_loss");
    private static final String LOG_FORMAT = "%d\t%.5f\t%.3e\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f\t%.1f\t%.5f";
    /**
     * The column after them, only in the log of a model with a logit bias (SigLIP): a CLIP run's log
     * keeps the columns it always had; a log without it reads as NaN biases, a NaN in it (a step of a
     * SigLIP run logged before the column existed, then resumed) is written {@code NaN}.
     */
    private static final String LOG_BIAS_COLUMN = "logit_bias";
    private static final List<String> LOG_COLUMNS_WITH_BIAS = java.util.stream.Stream.concat(LOG_COLUMNS.stream(),
            java.util.stream.Stream.of(LOG_BIAS_COLUMN)).toList();

    private static final List<String> EVALUATION_COLUMNS = List.of("step", "text_to_image", "image_to_text",
            "hard_negative", "grounding", "grounding_chance", "phrases", "new_concept_grounding", "new_concept_phrases",
            "known_concept_grounding", "phrases_per_second");
    /** The fixed columns of tables written before phrases per second and the mass and chance blocks. */
    private static final List<String> EARLIER_EVALUATION_COLUMNS = EVALUATION_COLUMNS.subList(0,
            EVALUATION_COLUMNS.indexOf("phrases_per_second"));
    private static final String EVALUATION_FORMAT = "%d\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f\t%d\t%.4f\t%d\t%.4f\t%.3f";

    /** A block of one column per group, named by its prefix and the group: {@code grounding_traffic light}. */
    private enum GroupColumn {
        GROUNDING("grounding_", EvaluationRow.Group::grounding),
        MASS_IN_BOX("mass_in_box_", EvaluationRow.Group::massInBox),
        CHANCE("chance_", EvaluationRow.Group::chance);

        final String prefix;
        final ToDoubleFunction<EvaluationRow.Group> value;

        GroupColumn(String prefix, ToDoubleFunction<EvaluationRow.Group> value) {
            this.prefix = prefix;
            this.value = value;
        }
    }

    /** A checkpoint's table holds one line per step: far below this. */
    private static final long MAX_FILE_BYTES = 1L << 30;

    private TrainingTables() {
    }

    /** The log of {@code rows}, with the {@code logit_bias} column when any row has a bias. */
    public static byte[] logFile(List<TrainingLogRow> rows) {
        boolean bias = rows.stream().anyMatch(row -> !Double.isNaN(row.logitBias()));
        return file(bias ? LOG_COLUMNS_WITH_BIAS : LOG_COLUMNS, rows, row -> {
            String line = String.format(Locale.ROOT, LOG_FORMAT, row.step(), row.loss(), row.learningRate(),
                    row.gradientNorm(), row.logitScale(), row.imageToTextAccuracy(), row.textToImageAccuracy(),
                    row.hardNegativeAccuracy(), row.pairsPerSecond(), row.groundingLoss());
            return bias ? line + String.format(Locale.ROOT, "\t%.5f", row.logitBias()) : line;
        });
    }

    /** {@code groups}: the groups (new concepts, classes), whose columns follow in sorted order. */
    public static byte[] evaluationFile(Collection<String> groups, List<EvaluationRow> rows) {
        List<String> sorted = groups.stream().sorted().toList();
        return file(evaluationColumns(sorted), rows, row -> {
            if (!row.groups().keySet().equals(new TreeSet<>(groups))) {
                throw new IllegalArgumentException("row of step " + row.step() + " scores groups "
                        + row.groups().keySet() + ", the table " + groups);
            }
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, EVALUATION_FORMAT, row.step(),
                    row.textToImage(), row.imageToText(), row.hardNegative(), row.grounding(), row.groundingChance(),
                    row.phrases(), row.newConceptGrounding(), row.newConceptPhrases(), row.knownConceptGrounding(),
                    row.phrasesPerSecond()));
            for (GroupColumn column : GroupColumn.values()) {
                row.groups().values().forEach(group -> line.append(String.format(Locale.ROOT, "\t%.4f",
                        column.value.applyAsDouble(group))));
            }
            return line.toString();
        });
    }

    /** The header of a table of these groups, sorted. */
    private static List<String> evaluationColumns(List<String> groups) {
        List<String> columns = new ArrayList<>(EVALUATION_COLUMNS);
        for (GroupColumn column : GroupColumn.values()) {
            groups.forEach(group -> columns.add(column.prefix + group));
        }
        return columns;
    }

    public static List<TrainingLogRow> readLog(Path file) {
        List<String[]> cells = cells(file, header -> header.equals(LOG_COLUMNS) || header.equals(LOG_COLUMNS_WITH_BIAS)
                ? header.size() : -1);
        List<TrainingLogRow> rows = new ArrayList<>();
        for (int i = 0; i < cells.size(); i++) {
            Cells line = new Cells(file, i + 2, cells.get(i));
            double bias = cells.get(i).length > LOG_COLUMNS.size() ? line.real(LOG_COLUMNS.size()) : Double.NaN;
            rows.add(new TrainingLogRow(line.whole(0), line.real(1), line.real(2), line.real(3), line.real(4),
                    line.real(5), line.real(6), line.real(7), line.real(8), line.real(9), bias));
        }
        return rows;
    }

    /**
     * The rows of a table this class wrote, or an earlier version did: before mass in box, chance
     * and speed were logged, the header ended at {@code known_concept_grounding} and the grounding
     * block; those tables' rows get NaN for the columns they lack (a checkpoint of that version
     * resumes).
     */
    public static List<EvaluationRow> readEvaluations(Path file) {
        List<String> groups = new ArrayList<>();
        boolean[] earlier = new boolean[1];
        List<String[]> cells = cells(file, header -> {
            List<String> current = groupsOf(header, EVALUATION_COLUMNS.size(), GroupColumn.values().length);
            List<String> before = groupsOf(header, EARLIER_EVALUATION_COLUMNS.size(), 1);
            if (current != null && header.equals(evaluationColumns(current))) {
                groups.addAll(current);
            } else if (before != null && header.equals(earlierEvaluationColumns(before))) {
                groups.addAll(before);
                earlier[0] = true;
            } else {
                return -1;
            }
            return header.size();
        });
        List<EvaluationRow> rows = new ArrayList<>();
        for (int i = 0; i < cells.size(); i++) {
            Cells line = new Cells(file, i + 2, cells.get(i));
            SortedMap<String, EvaluationRow.Group> perGroup = new TreeMap<>();
            int fixed = earlier[0] ? EARLIER_EVALUATION_COLUMNS.size() : EVALUATION_COLUMNS.size();
            for (int g = 0; g < groups.size(); g++) {
                perGroup.put(groups.get(g), earlier[0] ? new EvaluationRow.Group(line.real(fixed + g), Double.NaN,
                        Double.NaN) : new EvaluationRow.Group(line.real(fixed + g), line.real(fixed + groups.size() + g),
                        line.real(fixed + 2 * groups.size() + g)));
            }
            rows.add(new EvaluationRow(line.whole(0), line.real(1), line.real(2), line.real(3), line.real(4),
                    line.real(5), line.count(6), line.real(7), line.count(8), line.real(9),
                    earlier[0] ? Double.NaN : line.real(10), perGroup));
        }
        return rows;
    }

    /**
     * The groups named by the grounding block after {@code fixed} columns, the first of {@code blocks}
     * blocks of equal size, sorted and distinct; null when the header has no such block.
     */
    private static List<String> groupsOf(List<String> header, int fixed, int blocks) {
        if (header.size() < fixed || (header.size() - fixed) % blocks != 0) {
            return null;
        }
        String prefix = GroupColumn.GROUNDING.prefix;
        List<String> groups = new ArrayList<>();
        for (String column : header.subList(fixed, fixed + (header.size() - fixed) / blocks)) {
            if (!column.startsWith(prefix) || column.length() == prefix.length()) {
                return null;
            }
            groups.add(column.substring(prefix.length()));
        }
        return groups.stream().sorted().distinct().toList().equals(groups) ? groups : null;
    }

    private static List<String> earlierEvaluationColumns(List<String> groups) {
        List<String> columns = new ArrayList<>(EARLIER_EVALUATION_COLUMNS);
        groups.forEach(group -> columns.add(GroupColumn.GROUNDING.prefix + group));
        return columns;
    }

    private static <R> byte[] file(List<String> columns, List<R> rows, Function<R, String> line) {
        StringBuilder text = new StringBuilder(String.join("\t", columns)).append('\n');
        for (R row : rows) {
            text.append(line.apply(row)).append('\n');
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The cells of every line after the header; {@code width} gives the number of columns a header
     * announces, or -1 when it is not this table's.
     */
    private static List<String[]> cells(Path file, Function<List<String>, Integer> width) {
        List<String> lines;
        try {
            InputFiles.checkedSize(file, MAX_FILE_BYTES);
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadInputException(file, "cannot read the table: " + e.getMessage(), e);
        }
        if (lines.isEmpty()) {
            throw new BadInputException(file, "the table is empty: it lacks its header line");
        }
        int columns = width.apply(List.of(lines.getFirst().split("\t", -1)));
        if (columns < 0) {
            throw new BadInputException(file, "line 1 is not this table's header: '" + lines.getFirst() + "'");
        }
        List<String[]> cells = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String[] line = lines.get(i).split("\t", -1);
            if (line.length != columns) {
                throw new BadInputException(file, "line " + (i + 1) + " has " + line.length + " cells, the header "
                        + columns);
            }
            cells.add(line);
        }
        return cells;
    }

    /** One line's cells, read as numbers; a cell that is none is bad input naming its line and column. */
    private record Cells(Path file, int lineNumber, String[] cells) {

        long whole(int column) {
            try {
                return Long.parseLong(cells[column]);
            } catch (NumberFormatException e) {
                throw bad(column);
            }
        }

        int count(int column) {
            try {
                return Integer.parseInt(cells[column]);
            } catch (NumberFormatException e) {
                throw bad(column);
            }
        }

        double real(int column) {
            try {
                return Double.parseDouble(cells[column]);
            } catch (NumberFormatException e) {
                throw bad(column);
            }
        }

        private BadInputException bad(int column) {
            return new BadInputException(file, "line " + lineNumber + ", column " + (column + 1) + ": '" + cells[column]
                    + "' is not a number");
        }
    }
}
