/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.report;

import dev.duet.Spelling;
import dev.duet.explain.Completeness;
import dev.duet.explain.ExplainOptions;
import dev.duet.explain.Explanation;
import dev.duet.image.PatchRegions;
import dev.duet.model.Score;
import dev.duet.report.Selections.Interaction;
import dev.duet.report.SmallMultiples.Panel;
import dev.duet.report.TokenHighlight.SpecialScore;
import dev.duet.tokenizer.CaptionSpan;
import dev.duet.tokenizer.Encoding;
import dev.duet.tokenizer.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The HTML of one caption-image pair: numbers, settings and every figure, embedded. */
final class ReportSection {

    private static final int STRONGEST = 3;

    private final ReportEntry entry;
    private final Selections selections;
    private final Explanation explanation;
    private final String caption;

    ReportSection(ReportEntry entry) {
        this.entry = entry;
        this.selections = Selections.of(entry.pair());
        this.explanation = entry.pair().attributions();
        this.caption = entry.pair().caption().text();
    }

    String html(int number, String anchor) {
        StringBuilder out = new StringBuilder();
        out.append("<section class=\"pair\" id=\"").append(anchor).append("\">\n");
        out.append("<h2><span class=\"num\">").append(number).append("</span>\u201c")
                .append(Html.escape(caption)).append("\u201d</h2>\n");
        out.append("<p class=\"sub\">").append(Html.escape(entry.imageName())).append(" \u00b7 ")
                .append(entry.photo().getWidth()).append("\u00d7").append(entry.photo().getHeight())
                .append(" px \u00b7 ").append(explanation.tokens()).append(" tokens \u00d7 ")
                .append(explanation.gridRows()).append("\u00d7").append(explanation.gridCols())
                .append(" patches</p>\n");
        stats(out);
        out.append("<div class=\"columns\">\n<figure class=\"main\">");
        CaptionSpan whole = selections.words().whole();
        float[] wholeMap = selections.map(whole);
        out.append(Html.image(new HeatmapOverlay(entry.photo(), selections.regions())
                .render("the whole caption (special tokens left out)", wholeMap), "map of the whole caption", "figure"));
        out.append("<figcaption>Sum of the interactions of every caption token with each patch. Warm patches "
                + "raise the similarity together with the caption, cool ones lower it.</figcaption></figure>\n");
        out.append("<div class=\"side\">\n");
        completeness(out);
        shares(out);
        settings(out);
        out.append("</div>\n</div>\n");
        tokens(out);
        words(out);
        strongest(out);
        out.append("</section>\n");
        return out.toString();
    }

    private void stats(StringBuilder out) {
        Completeness c = explanation.completeness();
        double relative = c.target() == 0 ? 0 : Math.abs(c.error() / c.target());
        out.append("<div class=\"stats\">\n");
        stat(out, "similarity", Html.number(explanation.similarity()), "cosine of the two embeddings");
        if (explanation.score() instanceof Score.Sigmoid sigmoid) {
            stat(out, "probability", Html.number(sigmoid.probability(explanation.similarity())),
                    "SigLIP's sigmoid of the scaled, biased cosine");
        }
        stat(out, "explained change", Html.number(c.target()), "four-term target of the attributions");
        stat(out, "sum of attributions", Html.number(c.sum()), "all entries, CLS included");
        stat(out, "completeness error", Html.number(c.error()),
                (relative >= 1e-3 ? Html.percent(relative) : "< 0.1%") + " of the target");
        out.append("</div>\n");
    }

    private static void stat(StringBuilder out, String label, String value, String note) {
        out.append("<div class=\"stat\"><div class=\"label\">").append(Html.escape(label))
                .append("</div><div class=\"value\">").append(value).append("</div><div class=\"note\">")
                .append(Html.escape(note)).append("</div></div>\n");
    }

    private void completeness(StringBuilder out) {
        Completeness c = explanation.completeness();
        out.append("<h3>Completeness</h3>\n<table class=\"numbers\">\n");
        row(out, "s(caption, image)", Html.signed(c.textImage()));
        row(out, "\u2212 s(caption, reference image)", Html.signed(-c.textReferenceImage()));
        row(out, "\u2212 s(reference caption, image)", Html.signed(-c.referenceTextImage()));
        row(out, "+ s(reference caption, reference image)", Html.signed(c.referenceTextReferenceImage()));
        out.append("<tr class=\"total\"><th>= target</th><td>").append(Html.signed(c.target())).append("</td></tr>\n");
        row(out, "sum of all interactions", Html.signed(c.sum()));
        row(out, "error (sum \u2212 target)", Html.signed(c.error()));
        row(out, "text tower residual", Html.number(explanation.text().residual()));
        double imageResidual = explanation.image().residual();
        row(out, "image tower residual", Double.isNaN(imageResidual) ? "not computed (reverse mode)" : Html.number(imageResidual));
        out.append("</table>\n");
    }

    private void shares(StringBuilder out) {
        out.append("<h3>Mass outside words and patches</h3>\n<table class=\"shares\">\n");
        if (explanation.classColumn()) {
            share(out, "image CLS column", explanation.completeness().clsShare());
        }
        selections.specialShares().forEach((role, share) -> share(out, "caption " + label(role)
                + (role == Encoding.Role.PADDING ? " rows" : " row"), share));
        out.append("</table>\n<p class=\"fine\">Shares of the sum of |interactions|.</p>\n");
    }

    private static void share(StringBuilder out, String label, double share) {
        out.append("<tr><th>").append(label).append("</th><td class=\"bar\"><span style=\"width:")
                .append(String.format(Locale.ROOT, "%.1f", Math.min(100, 100 * share)))
                .append("%\"></span></td><td>").append(Html.percent(share)).append("</td></tr>\n");
    }

    /** How the report names the rows of a role that is not caption text. */
    private static String label(Encoding.Role role) {
        return switch (role) {
            case BOS -> "BOS";
            case EOS -> "EOS";
            case PADDING -> "padding";
            case TEXT -> throw new IllegalArgumentException("caption text has no special label");
        };
    }

    private void settings(StringBuilder out) {
        ExplainOptions options = explanation.options();
        out.append("<h3>Settings</h3>\n<table class=\"settings\">\n");
        row(out, "layers (text, image)", options.textLayer() + ", " + options.imageLayer());
        row(out, "quadrature", Spelling.of(options.quadrature()) + ", "
                + explanation.text().nodes() + " / " + explanation.image().nodes() + " nodes");
        row(out, "normalisation", Spelling.of(options.normalization()));
        row(out, "text reference", "BOS " + "0 ".repeat(options.textReferenceLength()) + "EOS");
        row(out, "image reference", Html.escape(options.imageReference().describe()));
        row(out, "image preprocessing", entry.pair().image().pipeline().cliName() + " order");
        row(out, "scaled by exp(logit scale)", options.scaleByLogit() ? "yes" : "no");
        row(out, "computed in", String.format(Locale.ROOT, "%.2f s", explanation.seconds()));
        out.append("</table>\n");
    }

    private static void row(StringBuilder out, String label, String value) {
        out.append("<tr><th>").append(label).append("</th><td>").append(value).append("</td></tr>\n");
    }

    private void tokens(StringBuilder out) {
        float[] totals = selections.tokenTotals();
        List<SpecialScore> specials = new ArrayList<>();
        selections.specialTotals().forEach((role, total) -> specials.add(new SpecialScore(label(role), total)));
        if (explanation.classColumn()) {
            specials.add(new SpecialScore("image CLS", selections.clsTotal()));
        }
        Figure figure = new TokenHighlight().render("each token with the whole image", caption,
                selections.highlight(totals), specials);
        out.append("<h3>The caption, token by token</h3>\n<figure>")
                .append(Html.image(figure, "caption tokens coloured by their contribution", "figure"))
                .append("<figcaption>Each token's row of interactions added up over the CLS column and every patch "
                        + "(first-order token scores). The special rows and the CLS column are shown apart."
                        + "</figcaption></figure>\n");
    }

    private void words(StringBuilder out) {
        List<CaptionSpan> words = selections.words().words();
        if (words.isEmpty()) {
            return;
        }
        List<Panel> panels = new ArrayList<>();
        for (CaptionSpan word : words) {
            panels.add(new Panel(word.label(), selections.map(word)));
        }
        Figure figure = new SmallMultiples(entry.photo(), selections.regions()).render("each word's map, one scale", panels);
        out.append("<h3>Each word\u2019s map</h3>\n<figure>")
                .append(Html.image(figure, "one map per caption word", "figure wide"))
                .append("<figcaption>All panels share one colour scale, so their strengths compare.</figcaption></figure>\n");
    }

    private void strongest(StringBuilder out) {
        out.append("<h3>Strongest token\u2013patch interactions</h3>\n<div class=\"interactions\">\n");
        interactionColumn(out, "raise the similarity", selections.strongest(STRONGEST, true));
        interactionColumn(out, "lower the similarity", selections.strongest(STRONGEST, false));
        out.append("</div>\n<p class=\"fine\">Each picture is the token's own map; the outlined patch is the one it "
                + "interacts with most. Special tokens and CLS are left out.</p>\n");
    }

    private void interactionColumn(StringBuilder out, String heading, List<Interaction> interactions) {
        out.append("<div class=\"interaction-column\"><h4>").append(heading).append("</h4>\n");
        if (interactions.isEmpty()) {
            out.append("<p class=\"fine\">none</p>\n");
        }
        PatchRegions regions = selections.regions();
        HeatmapOverlay overlay = new HeatmapOverlay(entry.photo(), regions, OverlayStyle.SMALL);
        int rank = 1;
        for (Interaction interaction : interactions) {
            Token token = entry.pair().caption().tokens().get(interaction.token());
            // a piece holding only the tail bytes of a character has no characters of its own
            String text = token.end() > token.start() ? caption.substring(token.start(), token.end()) : token.piece();
            float[] row = explanation.spanMap(interaction.token(), interaction.token() + 1);
            int patchRow = interaction.patch() / regions.cols();
            int patchCol = interaction.patch() % regions.cols();
            Figure figure = overlay.render("\u201c" + text + "\u201d", row, ColorScale.fitting(row),
                    List.of(new Box(regions.patchRect(interaction.patch()), "#" + rank)));
            out.append("<figure class=\"interaction\">")
                    .append(Html.image(figure, "map of token " + text, "figure small"))
                    .append("<figcaption><b>").append(Html.signed(interaction.value())).append("</b> \u00b7 token ")
                    .append(interaction.token()).append(" \u201c").append(Html.escape(text))
                    .append("\u201d \u00d7 patch (").append(patchRow).append(", ").append(patchCol)
                    .append(")</figcaption></figure>\n");
            rank++;
        }
        out.append("</div>\n");
    }
}
