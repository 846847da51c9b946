/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.report;

import java.util.Locale;

/**
 * How the numbers of a symmetric scale are written: tick values at -limit, -limit/2, 0,
 * limit/2, limit with two significant digits, and a common factor such as "×10⁻⁴" pulled out
 * when the limit is below 0.01 or at least 10,000 so tick labels stay short.
 */
record ScaleLabels(double limit, int exponent, int decimals) {

    private static final char MINUS = '\u2212';

    static ScaleLabels of(ColorScale scale) {
        double limit = scale.limit();
        int magnitude = (int) Math.floor(Math.log10(limit));
        int exponent = magnitude <= -3 || magnitude >= 4 ? magnitude : 0;
        double scaled = limit / Math.pow(10, exponent);
        int decimals = Math.max(0, 1 - (int) Math.floor(Math.log10(scaled)));
        return new ScaleLabels(limit, exponent, decimals);
    }

    double[] tickValues() {
        return new double[] {-limit, -limit / 2, 0, limit / 2, limit};
    }

    /** A score in the scale's units: "−2.4" (times the factor), "0", "+0.047" when signed. */
    String format(double score, boolean signed) {
        double scaled = score / Math.pow(10, exponent);
        String digits = String.format(Locale.ROOT, "%." + decimals + "f", Math.abs(scaled));
        if (Double.parseDouble(digits) == 0) {
            return "0";
        }
        if (scaled < 0) {
            return MINUS + digits;
        }
        return signed ? "+" + digits : digits;
    }

    /** "" or " (×10⁻⁴)", to follow the colour bar's caption. */
    String factorSuffix() {
        return exponent == 0 ? "" : " (\u00d710" + superscript(exponent) + ")";
    }

    private static String superscript(int value) {
        String digits = "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079";
        StringBuilder out = new StringBuilder();
        if (value < 0) {
            out.append('\u207b');
        }
        for (char c : Integer.toString(Math.abs(value)).toCharArray()) {
            out.append(digits.charAt(c - '0'));
        }
        return out.toString();
    }
}
