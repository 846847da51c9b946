/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A self-contained page of example maps under headings, such as the best and worst cases per
 * class of a grounding evaluation: each case a figure (embedded as PNG) with a line of text.
 */
public final class CasesPage {

    /** One figure under {@code heading}, described by {@code text}. */
    public record Case(String heading, String text, Figure figure) {
    }

    private CasesPage() {
    }

    /** The page; headings in the order of their first case. */
    public static String render(String title, String introduction, List<Case> cases) {
        Map<String, List<Case>> byHeading = new LinkedHashMap<>();
        for (Case c : cases) {
            byHeading.computeIfAbsent(c.heading(), heading -> new ArrayList<>()).add(c);
        }
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(Html.escape(title))
                .append("</title>\n<style>body{font-family:sans-serif;margin:2em;color:#222}"
                        + ".cases{display:flex;flex-wrap:wrap;gap:1.5em}figure{margin:0;max-width:520px}"
                        + "figcaption{font-size:0.9em;margin-top:0.3em}img.case{max-width:100%;height:auto}</style>"
                        + "</head><body>\n<h1>").append(Html.escape(title)).append("</h1>\n<p>")
                .append(Html.escape(introduction)).append("</p>\n");
        byHeading.forEach((heading, members) -> {
            html.append("<h2>").append(Html.escape(heading)).append("</h2>\n<div class=\"cases\">\n");
            for (Case c : members) {
                html.append("<figure>").append(Html.image(c.figure(), c.text(), "case")).append("<figcaption>")
                        .append(Html.escape(c.text())).append("</figcaption></figure>\n");
            }
            html.append("</div>\n");
        });
        return html.append("</body></html>\n").toString();
    }
}
