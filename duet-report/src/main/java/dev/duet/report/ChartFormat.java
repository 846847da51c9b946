/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.report;

/** The files a chart is written as: a PNG picture, an SVG drawing, or both side by side. */
public enum ChartFormat {
    PNG("png"),
    SVG("svg"),
    BOTH("both");

    private final String cliName;

    ChartFormat(String cliName) {
        this.cliName = cliName;
    }

    /** How the command line and the documentation spell it: {@code png}, {@code svg} or {@code both}. */
    public String cliName() {
        return cliName;
    }

    /** Whether a {@code .png} file is written. */
    public boolean png() {
        return this != SVG;
    }

    /** Whether a {@code .svg} file is written. */
    public boolean svg() {
        return this != PNG;
    }
}
