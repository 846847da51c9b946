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

/**
 * The two tables a training run writes beside its checkpoint, and the only class that knows their
 * columns: {@code training-log.tsv} (one {@link TrainingLogRow} per step) and {@code evaluation.tsv}
 * (one {@link EvaluationRow} per held-out evaluation, then one {@code grounding_GROUP} column per
 * group: a world's new concepts, a data set's classes). Tab-separated with a header line, numbers in {@link Locale#ROOT}, NaN as {@code NaN};
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
            "known_concept_grounding");
    private static final String EVALUATION_FORMAT = "%d\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f\t%d\t%.4f\t%d\t%.4f";
    /** Prefix of each group's column: {@code grounding_cyan}, {@code grounding_traffic light}. */
    private static final String GROUP_COLUMN = "grounding_";

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
        List<String> columns = new ArrayList<>(EVALUATION_COLUMNS);
        groups.stream().sorted().forEach(group -> columns.add(GROUP_COLUMN + group));
        return file(columns, rows, row -> {
            if (!row.groupGrounding().keySet().equals(new TreeSet<>(groups))) {
                throw new IllegalArgumentException("row of step " + row.step() + " scores groups "
                        + row.groupGrounding().keySet() + ", the table " + groups);
            }
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, EVALUATION_FORMAT, row.step(),
                    row.textToImage(), row.imageToText(), row.hardNegative(), row.grounding(), row.groundingChance(),
                    row.phrases(), row.newConceptGrounding(), row.newConceptPhrases(), row.knownConceptGrounding()));
            row.groupGrounding().values().forEach(share -> line.append(String.format(Locale.ROOT, "\t%.4f", share)));
            return line.toString();
        });
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

    public static List<EvaluationRow> readEvaluations(Path file) {
        List<String> groups = new ArrayList<>();
        List<String[]> cells = cells(file, header -> {
            if (header.size() < EVALUATION_COLUMNS.size() || !header.subList(0, EVALUATION_COLUMNS.size()).equals(EVALUATION_COLUMNS)) {
                return -1;
            }
            for (String column : header.subList(EVALUATION_COLUMNS.size(), header.size())) {
                if (!column.startsWith(GROUP_COLUMN) || column.length() == GROUP_COLUMN.length()) {
                    return -1;
                }
                groups.add(column.substring(GROUP_COLUMN.length()));
            }
            return header.size();
        });
        List<EvaluationRow> rows = new ArrayList<>();
        for (int i = 0; i < cells.size(); i++) {
            Cells line = new Cells(file, i + 2, cells.get(i));
            SortedMap<String, Double> perGroup = new TreeMap<>();
            for (int c = 0; c < groups.size(); c++) {
                perGroup.put(groups.get(c), line.real(EVALUATION_COLUMNS.size() + c));
            }
            rows.add(new EvaluationRow(line.whole(0), line.real(1), line.real(2), line.real(3), line.real(4),
                    line.real(5), line.count(6), line.real(7), line.count(8),
                    line.real(9), perGroup));
        }
        return rows;
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
