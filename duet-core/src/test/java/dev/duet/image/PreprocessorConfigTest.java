/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.image;

import dev.duet.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PreprocessorConfigTest {

    private static final Path FIXTURES = Path.of(System.getProperty("duet.shared"), "fixtures");
    private static final Path SOURCE = Path.of("models/x/preprocessor_config.json");

    @TempDir
    Path dir;

    private static PreprocessorConfig parse(String json) {
        return PreprocessorConfig.parse(SOURCE, json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void tinyModelConfigIsClipDefaultsAt64() {
        PreprocessorConfig config = PreprocessorConfig.load(FIXTURES.resolve("models/tiny/preprocessor_config.json"));
        assertEquals(new ResizeTarget.ShortestEdge(64), config.resize());
        assertEquals(64, config.cropWidth());
        assertEquals(64, config.cropHeight());
        assertEquals(ResampleFilter.BICUBIC, config.resample());
        assertArrayEquals(new float[] {0.48145466f, 0.4578275f, 0.40821073f}, config.imageMean());
        assertArrayEquals(new float[] {0.26862954f, 0.26130258f, 0.27577711f}, config.imageStd());
        assertEquals(PreprocessorConfig.clipDefaults(64), config);
    }

    @Test
    void modelDirectoryWithoutTheFileFallsBackToClipDefaults() throws IOException {
        assertEquals(PreprocessorConfig.clipDefaults(96), PreprocessorConfig.forModelDirectory(dir, 96));
        Files.writeString(dir.resolve("preprocessor_config.json"), "{\"size\": 32, \"crop_size\": 32}");
        assertEquals(PreprocessorConfig.clipDefaults(32), PreprocessorConfig.forModelDirectory(dir, 96));
    }

    @Test
    void sizesMayBeIntegersOrObjects() {
        PreprocessorConfig legacy = parse("{\"feature_extractor_type\": \"CLIPFeatureExtractor\", \"size\": 336,"
                + " \"crop_size\": 336}");
        assertEquals(new ResizeTarget.ShortestEdge(336), legacy.resize());
        assertEquals(336, legacy.cropWidth());
        PreprocessorConfig modern = parse("{\"size\": {\"shortest_edge\": 80}, \"crop_size\": {\"height\": 70,"
                + " \"width\": 60}, \"resample\": 2}");
        assertEquals(new ResizeTarget.ShortestEdge(80), modern.resize());
        assertEquals(60, modern.cropWidth());
        assertEquals(70, modern.cropHeight());
        assertEquals(ResampleFilter.BILINEAR, modern.resample());
    }

    @Test
    void missingKeysTakeTransformersDefaults() {
        PreprocessorConfig config = parse("{}");
        assertEquals(PreprocessorConfig.clipDefaults(PreprocessorConfig.DEFAULT_SIZE), config);
        assertEquals(1.0 / 255.0, config.rescaleFactor());
        assertTrue(config.doResize() && config.doCenterCrop() && config.doRescale() && config.doNormalize());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"resample\": 1}|resample 1 is not supported",
            "{\"resample\": \"bicubic\"}|resample must be an integer",
            "{\"size\": {\"height\": 224}}|size must give shortest_edge, or height and width",
            "{\"size\": {\"shortest_edge\": 224, \"width\": 224}}|size gives both shortest_edge and height/width",
            "{\"size\": {\"height\": 0, \"width\": 224}}|size.height must be in 1..",
            "{\"size\": {\"shortest_edge\": 224, \"longest_edge\": 500}}|longest_edge is not supported",
            "{\"size\": 0}|size.shortest_edge must be in 1..",
            "{\"size\": 2.5}|size must be an integer",
            "{\"crop_size\": {\"height\": 224}}|crop_size must be an integer or",
            "{\"image_mean\": [0.5, 0.5]}|image_mean must be a list of 3 numbers",
            "{\"image_std\": [0.5, 0, 0.5]}|image_std must hold finite values of magnitude >= 1.0E-6",
            "{\"image_std\": [0.5, \"a\", 0.5]}|image_std must hold numbers",
            "{\"do_resize\": \"yes\"}|do_resize must be true or false",
            "{\"rescale_factor\": -1}|rescale_factor must be a positive finite number",
            "[1, 2]|must be a JSON object",
            "{\"size\": |not valid JSON"})
    void malformedConfigNamesTheFile(String json, String problem) {
        BadInputException e = assertThrows(BadInputException.class, () -> parse(json));
        assertEquals(SOURCE, e.file());
        assertTrue(e.getMessage().startsWith(SOURCE.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }

    @Test
    void unreadableFileNamesIt() {
        Path absent = dir.resolve("preprocessor_config.json");
        BadInputException e = assertThrows(BadInputException.class, () -> PreprocessorConfig.load(absent));
        assertEquals(absent, e.file());
    }

    @Test
    void clipDefaultsFileReadsBackAsClipDefaultsWithTransformersDecimals() {
        byte[] file = PreprocessorConfig.clipDefaultsFile(64);
        assertEquals(PreprocessorConfig.clipDefaults(64), PreprocessorConfig.parse(Path.of("written"), file));
        String text = new String(file, StandardCharsets.UTF_8);
        assertTrue(text.contains("\"image_mean\" : [ 0.48145466, 0.4578275, 0.40821073 ]"), text);
        assertTrue(text.contains("\"image_std\" : [ 0.26862954, 0.26130258, 0.27577711 ]"), text);
        assertArrayEquals(new float[] {0.48145466f, 0.4578275f, 0.40821073f}, PreprocessorConfig.clipDefaults(64).imageMean());
        assertArrayEquals(new float[] {0.26862954f, 0.26130258f, 0.27577711f}, PreprocessorConfig.clipDefaults(64).imageStd());
    }
}
