/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.report;

import java.util.Base64;
import java.util.Locale;

/** Small pieces of HTML text: escaping, embedded pictures and numbers written for people. */
final class Html {

    private static final char MINUS = '\u2212';

    private Html() {
    }

    /** Text safe inside elements and double-quoted attributes. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(Character.isISOControl(c) && c != '\n' && c != '\t' ? ' ' : c);
            }
        }
        return out.toString();
    }

    /** The figure as a PNG inside the page, so the report needs no other file and no network. */
    static String image(Figure figure, String alt, String cssClass) {
        return "<img class=\"" + cssClass + "\" width=\"" + figure.width() + "\" height=\"" + figure.height()
                + "\" alt=\"" + escape(alt) + "\" src=\"data:image/png;base64,"
                + Base64.getEncoder().encodeToString(figure.png()) + "\">";
    }

    /** A signed number with a true minus sign: 4 decimals, or 3 significant digits when tiny. */
    static String number(double value) {
        if (value == 0) {
            return "0";
        }
        double magnitude = Math.abs(value);
        String text = magnitude >= 1e-3 && magnitude < 1e5
                ? String.format(Locale.ROOT, "%.4f", value)
                : String.format(Locale.ROOT, "%.2e", value);
        return text.replace('-', MINUS);
    }

    /** {@link #number} with a plus sign on positive values, for contributions. */
    static String signed(double value) {
        return value > 0 ? "+" + number(value) : number(value);
    }

    static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * share);
    }
}
