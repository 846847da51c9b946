/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.image;

import java.util.Locale;

/**
 * The order of CLIP's image preprocessing, which decides the pixels of every image that is not
 * plain RGB or grey (palette, bilevel, alpha, 16-bit grey, CMYK), and the centre crop's rounding.
 */
public enum PreprocessingPipeline {
    /**
     * OpenAI's {@code clip.load(...)[1]} and open_clip's {@code image_transform}: torchvision's
     * {@code Resize} and {@code CenterCrop} on the image in the mode PIL opened it in, then
     * {@code convert("RGB")}, {@code ToTensor}, {@code Normalize}. The crop starts at
     * {@code int(round((size - crop) / 2.0))} (half to even). The default for open_clip checkpoints.
     */
    OPENAI,
    /**
     * transformers' {@code CLIPImageProcessor}: {@code convert("RGB")} first, then PIL's resize,
     * a centre crop starting at {@code (size - crop) // 2}, rescale and normalise. The default for
     * HuggingFace checkpoints.
     */
    HF;

    /** {@return the name used by {@code --preprocess} and in JSON outputs: {@code openai} or {@code hf}} */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * {@return the pipeline a checkpoint's own library applies: transformers' for the HuggingFace layout, OpenAI's
     * otherwise}
     *
     * @param huggingFaceLayout whether the checkpoint is in transformers' layout (not open_clip's)
     */
    public static PreprocessingPipeline forLayout(boolean huggingFaceLayout) {
        return huggingFaceLayout ? HF : OPENAI;
    }

    /**
     * {@return the start of a {@code crop}-long window centred on an axis of {@code size} pixels (negative when
     * padded)}
     *
     * @param size the axis's pixels after resizing, positive
     * @param crop the window's pixels, positive
     * @throws IllegalArgumentException if a size is not positive
     */
    public int cropOffset(int size, int crop) {
        if (size <= 0 || crop <= 0) {
            throw new IllegalArgumentException("sizes must be positive: " + size + ", " + crop);
        }
        return switch (this) {
            // torchvision pads (crop - size) // 2 before a short axis, then rounds the window start
            case OPENAI -> crop > size ? -((crop - size) / 2) : (int) Math.rint((size - crop) / 2.0);
            // transformers: top = (size - crop) // 2, also when it pads (ceil((crop - size) / 2) before)
            case HF -> Math.floorDiv(size - crop, 2);
        };
    }
}
