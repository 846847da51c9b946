/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.cli;

import dev.duet.BadInputException;
import dev.duet.explain.CaptionImageExplanation;
import dev.duet.explain.Explanation;
import dev.duet.index.DuetIndex;
import dev.duet.index.SearchHit;
import dev.duet.index.SearchJson;
import dev.duet.model.DualEncoder;
import dev.duet.report.HtmlReport;
import dev.duet.report.Photo;
import dev.duet.report.ReportEntry;
import dev.duet.tensor.Parallel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code duet search}: opens an index (with the model it records, or {@code --model}), searches, explains the
 * query against its hits when asked, and prints a table or the JSON, and writes the report.
 */
@Command(name = "search", description = {
        "Searches an index built by 'duet index' for the images most similar to a text query; with --explain, each "
                + "result's token x patch interactions (one text factor, then one product with each stored image factor), "
                + "with their completeness."})
final class SearchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions model = new ModelOptions();

    @Option(names = "--index", required = true, paramLabel = "INDEX", description = "an index folder written by 'duet index'")
    Path index;

    @Option(names = "--query", required = true, paramLabel = "TEXT", description = "the text to search for")
    String query;

    @Option(names = "--k", paramLabel = "N", defaultValue = "10", description = "results to return (default: ${DEFAULT-VALUE})")
    int k;

    @Option(names = "--explain", description = "explain the query against each result (interactions and completeness)")
    boolean explain;

    @Option(names = "--report", paramLabel = "OUT.html", description = "write an HTML report of the explained results (implies --explain; "
            + "at most " + ReportCommand.MAX_PAIRS + " results)")
    Path report;

    @Option(names = "--json", description = "print the results as JSON on standard output")
    boolean json;

    @Option(names = "--text-layer", paramLabel = "L", description = "explanations: input of text block L (default: the last block)")
    Integer textLayer;

    @Override
    public Integer call() {
        LuceneLog.warningsOnly();
        if (k < 1 || k > DuetIndex.MAX_K) {
            throw new BadInputException(null, "--k must be in 1.." + DuetIndex.MAX_K + ", got " + k);
        }
        if (report != null && k > ReportCommand.MAX_PAIRS) {
            throw new BadInputException(null, "--report shows at most " + ReportCommand.MAX_PAIRS + " results; --k is " + k);
        }
        JsonOutput.checkOutputs(List.of(), report);
        Path modelFolder = model.model != null ? model.modelDirectory() : DuetIndex.modelFolder(index);
        DualEncoder loaded = DualEncoder.load(modelFolder);
        boolean explained = explain || report != null;
        try (Parallel parallel = model.parallel(); DuetIndex opened = DuetIndex.open(index, loaded, parallel, textLayer)) {
            long start = System.nanoTime();
            DuetIndex.Results results = opened.search(query, k);
            List<Explanation> explanations = explained ? opened.explainAll(results.query(), results.hits()) : List.of();
            double seconds = (System.nanoTime() - start) / 1e9;
            if (report != null) {
                writeReport(loaded, results, explanations);
            }
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                JsonOutput.print(out, SearchJson.of(query, index, results, explanations, opened.settings(), seconds));
            } else {
                printTable(out, results, explanations, seconds);
            }
        }
        return 0;
    }

    private void printTable(PrintWriter out, DuetIndex.Results results, List<Explanation> explanations, double seconds) {
        for (int i = 0; i < results.hits().size(); i++) {
            SearchHit hit = results.hits().get(i);
            String completeness = explanations.isEmpty() ? "" : String.format(Locale.ROOT, "  (interactions add up to within %.1e)",
                    Math.abs(explanations.get(i).completeness().error()));
            out.printf(Locale.ROOT, "%3d  %.4f  %s%s%n", hit.rank(), hit.similarity(), hit.file(), completeness);
        }
        spec.commandLine().getErr().printf(Locale.ROOT, "search: %d results in %.3f s%n", results.hits().size(), seconds);
    }

    /** The explained results as duet-report's HTML report: the photos are read again, and cropped as the model saw them. */
    private void writeReport(DualEncoder loaded, DuetIndex.Results results, List<Explanation> explanations) {
        List<ReportEntry> entries = new ArrayList<>();
        for (int i = 0; i < results.hits().size(); i++) {
            SearchHit hit = results.hits().get(i);
            CaptionImageExplanation pair = new CaptionImageExplanation(explanations.get(i), results.query(), loaded.preprocess(hit.file()));
            entries.add(new ReportEntry(pair, Photo.read(hit.file()), String.format(Locale.ROOT, "#%d %s (%.4f)", hit.rank(),
                    hit.key(), hit.similarity())));
        }
        String html = new HtmlReport("\u201c" + query + "\u201d: top " + entries.size() + " of " + index, loaded.directory().toString())
                .render(entries);
        JsonOutput.writeAtomically(report, html.getBytes(StandardCharsets.UTF_8));
    }
}
