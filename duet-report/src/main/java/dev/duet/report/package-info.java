/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * Pictures of explanations: diverging colour maps and their colour bars, patch maps laid over
 * the original image, captions with coloured tokens, and grids of small multiples, all drawn
 * with Java2D (headless) and written as PNG; selections in the user's terms (caption words or
 * characters, boxes in original pixels) and the single-file HTML report built from them; the
 * charts of training and evaluation (JFreeChart), each a {@link dev.duet.report.Chart} written as
 * PNG, SVG (Apache Batik's SVG generator) or both.
 *
 * <p>May depend on {@code dev.duet.image} (crop and patch geometry), {@code dev.duet.tokenizer}
 * (tokens' character spans), the results of {@code dev.duet.explain} ({@code Explanation} and
 * its options, read only), {@code dev.duet} (input errors, version, the spelling of settings), the JDK's
 * {@code java.desktop} and {@code java.xml}, JFreeChart and batik-svggen; never on the model's encoders or the CLI. The picture classes take plain arrays of scores;
 * {@link dev.duet.report.Selections} turns an explanation into those arrays.
 */
package dev.duet.report;
