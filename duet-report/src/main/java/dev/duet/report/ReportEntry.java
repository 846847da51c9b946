/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.report;

import dev.duet.explain.CaptionImageExplanation;
import java.awt.image.BufferedImage;

/**
 * One caption-image pair of an {@link HtmlReport}.
 *
 * @param pair      the explanation with the caption's tokens and the image's crop
 * @param photo     the original image, as the user gave it
 * @param imageName how the image is named in the report (usually its file name)
 */
public record ReportEntry(CaptionImageExplanation pair, BufferedImage photo, String imageName) {

    public ReportEntry {
        if (pair == null || photo == null || imageName == null) {
            throw new IllegalArgumentException("report entry needs an explanation, a photo and a name");
        }
    }
}
