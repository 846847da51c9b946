/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.cli;

import dev.duet.report.ChartFormat;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** {@code --chart-format png|svg|both} of the commands that draw charts: train (finetune) and eval. */
final class ChartOptions {

    @Option(names = "--chart-format", defaultValue = "png", paramLabel = "png|svg|both", converter = FormatConverter.class,
            description = "each chart as a PNG picture, an SVG drawing (text stays text; for papers and slides) or both, "
                    + "side by side under the same name (default: ${DEFAULT-VALUE})")
    ChartFormat format;

    static final class FormatConverter implements CommandLine.ITypeConverter<ChartFormat> {
        @Override
        public ChartFormat convert(String value) {
            for (ChartFormat format : ChartFormat.values()) {
                if (format.cliName().equals(value)) {
                    return format;
                }
            }
            throw new CommandLine.TypeConversionException("unknown chart format '" + value + "' (png, svg or both)");
        }
    }
}
