/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.image;

import dev.duet.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** open_clip's {@code preprocess_cfg} in {@code open_clip_config.json}, read as open_clip's eval transform uses it. */
class OpenClipPreprocessCfgTest {

    @TempDir
    Path directory;

    private PreprocessorConfig read(String preprocessCfg) throws IOException {
        Files.writeString(directory.resolve("open_clip_config.json"), "{\"model_cfg\": {\"embed_dim\": 512}"
                + (preprocessCfg == null ? "" : ", \"preprocess_cfg\": " + preprocessCfg) + "}");
        return PreprocessorConfig.forModelDirectory(directory, 224);
    }

    @Test
    void withoutPreprocessCfgOpenAisDefaults() throws IOException {
        assertEquals(PreprocessorConfig.clipDefaults(224), read(null));
        assertEquals(PreprocessorConfig.clipDefaults(224), read("{}"));
    }

    /** SigLIP-style open_clip models: mean and std 0.5, bilinear... or bicubic squash without a crop. */
    @Test
    void meanStdInterpolationAndSquash() throws IOException {
        PreprocessorConfig squash = read("{\"size\": [224, 224], \"mean\": [0.5, 0.5, 0.5], \"std\": [0.5, 0.5, 0.5],"
                + " \"interpolation\": \"bilinear\", \"resize_mode\": \"squash\"}");
        assertEquals(new ResizeTarget.Exact(224, 224), squash.resize());
        assertEquals(ResampleFilter.BILINEAR, squash.resample());
        assertFalse(squash.doCenterCrop());
        assertArrayEquals(new float[] {0.5f, 0.5f, 0.5f}, squash.imageMean(), 0f);
        assertArrayEquals(new float[] {0.5f, 0.5f, 0.5f}, squash.imageStd(), 0f);
        PreprocessorConfig shortest = read("{\"size\": 224, \"mean\": [0.1, 0.2, 0.3], \"resize_mode\": \"shortest\"}");
        assertEquals(new ResizeTarget.ShortestEdge(224), shortest.resize());
        assertTrue(shortest.doCenterCrop());
        assertEquals(224, shortest.cropWidth());
        assertArrayEquals(new float[] {0.1f, 0.2f, 0.3f}, shortest.imageMean(), 0f);
        assertArrayEquals(PreprocessorConfig.clipDefaults(224).imageStd(), shortest.imageStd(), 0f);
    }

    @Test
    void whatOpenClipDoesAndDuetDoesNotIsRefusedNamingTheFile() {
        for (String cfg : new String[] {"{\"resize_mode\": \"longest\"}", "{\"interpolation\": \"random\"}",
                "{\"mode\": \"L\"}", "{\"size\": [224, 192]}", "{\"mean\": [0.5, 0.5]}", "[1]"}) {
            BadInputException refused = assertThrows(BadInputException.class, () -> read(cfg), cfg);
            assertTrue(refused.getMessage().contains("open_clip_config.json") && refused.getMessage().contains("preprocess_cfg"),
                    refused.getMessage());
        }
    }

    /** A preprocessor_config.json beside it wins: transformers' layout names its processor. */
    @Test
    void aPreprocessorConfigFileWins() throws IOException {
        Files.writeString(directory.resolve("preprocessor_config.json"), "{\"size\": {\"height\": 224, \"width\": 224}}");
        PreprocessorConfig config = read("{\"resize_mode\": \"shortest\"}");
        assertEquals(new ResizeTarget.Exact(224, 224), config.resize());
    }
}
