/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.image;

import dev.duet.model.ClipModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which order a checkpoint gets by default, and that an RGB image differs between the orders only by the crop offset. */
class PreprocessingPipelineTest {

    @TempDir
    Path dir;

    @Test
    void theLayoutDecidesTheDefault() throws IOException {
        Path huggingFace = Files.createDirectories(dir.resolve("hf"));
        Files.writeString(huggingFace.resolve("config.json"), "{}");
        Path openClip = Files.createDirectories(dir.resolve("open_clip"));
        Files.writeString(openClip.resolve("open_clip_config.json"), "{}");
        assertEquals(PreprocessingPipeline.HF, ClipModel.defaultPipeline(huggingFace));
        assertEquals(PreprocessingPipeline.OPENAI, ClipModel.defaultPipeline(openClip));
        assertEquals("openai", PreprocessingPipeline.OPENAI.cliName());
        assertEquals("hf", PreprocessingPipeline.HF.cliName());
    }

    @Test
    void rgbImagesDifferOnlyWhereTheCropRoundsDifferently() {
        // 70x40 -> 28x16 at 16 px: excess 12, both start at 6; 78x40 -> 31x16: excess 15, torchvision 8, transformers 7
        PreprocessorConfig config = PreprocessorConfig.clipDefaults(16);
        for (int width : new int[] {70, 78}) {
            byte[] pixels = new byte[width * 40 * 3];
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = (byte) (i * 37 + i / 7);
            }
            RgbImage image = new RgbImage(width, 40, pixels);
            PreprocessedImage openai = new ImagePreprocessor(config, PreprocessingPipeline.OPENAI).preprocess(image);
            PreprocessedImage hf = new ImagePreprocessor(config, PreprocessingPipeline.HF).preprocess(image);
            boolean sameOffset = openai.geometry().cropX() == hf.geometry().cropX();
            assertEquals(width == 70, sameOffset, "crop offsets " + openai.geometry() + " / " + hf.geometry());
            assertEquals(sameOffset, openai.pixelSha256().equals(hf.pixelSha256()), "pixels of the " + width + " px image");
            assertEquals(PreprocessingPipeline.OPENAI, openai.pipeline());
        }
    }
}
