/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.cli;

import dev.duet.AtomicFiles;
import dev.duet.data.BoundingBox;
import dev.duet.data.GroundingDataset;
import dev.duet.grounding.GroundingRun;
import dev.duet.grounding.LoggedResult;
import dev.duet.image.PatchRegions;
import dev.duet.report.Box;
import dev.duet.report.CasesPage;
import dev.duet.report.ColorScale;
import dev.duet.report.HeatmapOverlay;
import dev.duet.report.Photo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code cases.html} of {@code ./duet eval}: for every class, the phrase whose Duet map put the
 * most of its positive mass in the phrase's boxes and the one that put the least, each drawn
 * over its photo with the boxes outlined (the maps are recomputed for these few phrases).
 */
final class EvalCases {

    static final String FILE = "cases.html";

    private EvalCases() {
    }

    /** The cases of Duet's maps named {@code source} (the run's first layer pair). */
    static void write(Path out, GroundingDataset dataset, GroundingRun run, GroundingRun.Outcome outcome, String source)
            throws IOException {
        Map<String, List<LoggedResult.Phrase>> byClass = new TreeMap<>();
        for (LoggedResult result : outcome.results()) {
            if (result instanceof LoggedResult.Phrase phrase && phrase.scores().containsKey(source)) {
                byClass.computeIfAbsent(phrase.label(), label -> new ArrayList<>()).add(phrase);
            }
        }
        List<CasesPage.Case> cases = new ArrayList<>();
        Comparator<LoggedResult.Phrase> byMass = Comparator.comparingDouble(p -> p.scores().get(source).mass());
        byClass.forEach((label, phrases) -> {
            LoggedResult.Phrase best = phrases.stream().max(byMass).orElseThrow();
            LoggedResult.Phrase worst = phrases.stream().min(byMass).orElseThrow();
            add(cases, label, "best", best, dataset, run, source);
            if (worst != best) {
                add(cases, label, "worst", worst, dataset, run, source);
            }
        });
        String page = CasesPage.render("Best and worst cases per class", "Duet's map of each class's phrase with the "
                + "most and the least of its positive mass inside the phrase's boxes (outlined).", cases);
        AtomicFiles.write(out.resolve(FILE), page.getBytes(StandardCharsets.UTF_8));
    }

    private static void add(List<CasesPage.Case> cases, String label, String which, LoggedResult.Phrase result,
                            GroundingDataset dataset, GroundingRun run, String source) {
        run.caseMap(dataset, result.key()).ifPresent(found -> {
            String phrase = found.phrase().span().of(found.caption().text());
            LoggedResult.Score score = result.scores().get(source);
            String title = "\"" + phrase + "\" in \"" + found.caption().text() + "\"";
            List<Box> boxes = new ArrayList<>();
            for (BoundingBox box : found.phrase().boxes()) {
                boxes.add(Box.around(new PatchRegions.Rect(box.x(), box.y(), box.x() + box.width(), box.y() + box.height())));
            }
            HeatmapOverlay overlay = new HeatmapOverlay(Photo.read(found.image().file()), found.grid());
            cases.add(new CasesPage.Case(label, String.format(Locale.ROOT, "%s: %s (%s), mass in box %.2f, pointing %s",
                    which, phrase, found.image().id(), score.mass(), score.hit() ? "hit" : "miss"),
                    overlay.render(title, found.map(), ColorScale.fitting(found.map()), boxes)));
        });
    }
}
