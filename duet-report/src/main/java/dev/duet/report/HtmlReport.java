/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.report;

import dev.duet.Version;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A report on one or more caption-image pairs as a single HTML file: the CSS is inline and
 * every picture is a PNG inside the page (a data: address), so it opens anywhere, offline,
 * and can be mailed as one file.
 */
public final class HtmlReport {

    private static final String STYLE_RESOURCE = "report.css";

    private final String title;
    private final String model;

    /**
     * @param title shown at the top of the page and in the browser's tab
     * @param model the model that was explained, as the user named it
     */
    public HtmlReport(String title, String model) {
        if (title == null || model == null) {
            throw new IllegalArgumentException("report title and model name must not be null");
        }
        this.title = title;
        this.model = model;
    }

    public String render(List<ReportEntry> entries) {
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("a report needs at least one caption-image pair");
        }
        StringBuilder out = new StringBuilder(1 << 16);
        out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<meta name=\"generator\" content=\"Duet ").append(Version.VALUE).append("\">\n")
                .append("<title>").append(Html.escape(title)).append("</title>\n<style>\n").append(style())
                .append("</style>\n</head>\n<body>\n<main>\n");
        out.append("<header class=\"masthead\"><div class=\"kicker\">Duet \u00b7 explanation report</div>\n<h1>")
                .append(Html.escape(title)).append("</h1>\n<p class=\"meta\">model <code>").append(Html.escape(model))
                .append("</code> \u00b7 Duet ").append(Version.VALUE).append(" \u00b7 ").append(entries.size())
                .append(entries.size() == 1 ? " pair" : " pairs").append("</p>\n");
        out.append("<p class=\"lead\">Each caption token and each image patch together move the model\u2019s similarity "
                + "away from a reference pair. The interactions add up to that change (completeness); warm colours raise "
                + "the similarity, cool colours lower it.</p>\n</header>\n");
        if (entries.size() > 1) {
            contents(out, entries);
        }
        for (int i = 0; i < entries.size(); i++) {
            out.append(new ReportSection(entries.get(i)).html(i + 1, anchor(i)));
        }
        out.append("<footer>Made by Duet ").append(Version.VALUE)
                .append(". Second-order attributions of a dual encoder; maps are drawn on the original image, "
                        + "dimmed where the model\u2019s crop cut it away.</footer>\n</main>\n</body>\n</html>\n");
        return out.toString();
    }

    private static void contents(StringBuilder out, List<ReportEntry> entries) {
        out.append("<nav class=\"contents\"><h2>Pairs</h2>\n<table>\n<tr><th>#</th><th>caption</th><th>image</th>"
                + "<th class=\"right\">similarity</th><th class=\"right\">error</th></tr>\n");
        for (int i = 0; i < entries.size(); i++) {
            ReportEntry entry = entries.get(i);
            out.append("<tr><td>").append(i + 1).append("</td><td><a href=\"#").append(anchor(i)).append("\">")
                    .append(Html.escape(entry.pair().caption().text())).append("</a></td><td>")
                    .append(Html.escape(entry.imageName())).append("</td><td class=\"right\">")
                    .append(Html.number(entry.pair().attributions().similarity())).append("</td><td class=\"right\">")
                    .append(Html.number(entry.pair().attributions().completeness().error())).append("</td></tr>\n");
        }
        out.append("</table>\n</nav>\n");
    }

    private static String anchor(int index) {
        return "pair-" + (index + 1);
    }

    private static String style() {
        try (InputStream in = HtmlReport.class.getResourceAsStream(STYLE_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the report's style sheet is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the report's style sheet", e);
        }
    }
}
