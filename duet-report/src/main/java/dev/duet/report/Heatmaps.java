/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.report;

import dev.duet.AtomicFiles;
import dev.duet.explain.CaptionImageExplanation;
import dev.duet.tokenizer.CaptionSpan;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A span's map over the original image, as {@code duet explain --heatmap} draws it: the library's
 * way to the same picture ({@link dev.duet.api.Duet}'s explanations in, PNG out).
 */
public final class Heatmaps {

    private Heatmaps() {
    }

    /**
     * {@return the PNG of {@code span}'s map over {@code original}, titled with the span and the similarity}
     *
     * @param result   an explanation of a caption and an image
     * @param span     words of the caption ({@link CaptionImageExplanation#words()}: {@code find}, {@code whole})
     * @param original the image as it was given, before preprocessing (the map is drawn over it)
     */
    public static byte[] png(CaptionImageExplanation result, CaptionSpan span, BufferedImage original) {
        Selections selections = Selections.of(result);
        String title = String.format(Locale.ROOT, "\u201c%s\u201d \u00b7 similarity %.4f", span.label(),
                result.attributions().similarity()).replace('-', '\u2212');
        return new HeatmapOverlay(original, selections.regions()).render(title, selections.map(span)).png();
    }

    /**
     * Writes {@link #png} of the image file {@code image} to {@code out}, whole or not at all.
     *
     * @param result an explanation of a caption and the image in {@code image}
     * @param span   words of the caption
     * @param image  the image file that was explained
     * @param out    the PNG to write (only ever over a regular file)
     * @throws dev.duet.BadInputException if the image cannot be read or {@code out} cannot be written
     */
    public static void write(CaptionImageExplanation result, CaptionSpan span, Path image, Path out) {
        AtomicFiles.write(out, png(result, span, Photo.read(image)));
    }
}
