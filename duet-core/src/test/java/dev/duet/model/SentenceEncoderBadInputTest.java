/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.model;

import dev.duet.BadInputException;
import dev.duet.model.safetensors.DType;
import dev.duet.model.safetensors.SafetensorsFile;
import dev.duet.model.safetensors.SafetensorsWriter;
import dev.duet.model.safetensors.TensorInfo;
import dev.duet.tensor.Parallel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A sentence encoder checkpoint Duet cannot run is refused in one line naming the file and what was not understood. */
class SentenceEncoderBadInputTest {

    @TempDir
    Path dir;

    @BeforeEach
    void copyTheTinyModel() throws IOException {
        SentenceEncoderFixtureTest.copyTree(SentenceEncoderFixtureTest.directory(), dir);
    }

    @Test
    void anotherModelTypeIsNamed() throws IOException {
        replace("config.json", "\"model_type\": \"bert\"", "\"model_type\": \"roberta\"");
        assertRefused("config.json", "model_type 'roberta'");
    }

    @Test
    void relativePositionsAreRefused() throws IOException {
        replace("config.json", "\"absolute\"", "\"relative_key\"");
        assertRefused("config.json", "relative_key");
    }

    @Test
    void headsThatDoNotDivideTheWidthAreRefused() throws IOException {
        replace("config.json", "\"num_attention_heads\": 4", "\"num_attention_heads\": 5");
        assertRefused("config.json", "num_attention_heads 5");
    }

    @Test
    void aVocabularyWithoutUnkIsRefused() throws IOException {
        replace("vocab.txt", "[UNK]\n", "");
        assertRefused("vocab.txt", "[UNK]");
    }

    @Test
    void aModuleAfterPoolingOtherThanNormalizeIsNamed() throws IOException {
        replace("modules.json", "sentence_transformers.models.Normalize", "sentence_transformers.models.Dense");
        assertRefused("modules.json", "sentence_transformers.models.Dense");
    }

    @Test
    void aPoolingPathOutsideTheModelIsRefused() throws IOException {
        replace("modules.json", "\"1_Pooling\"", "\"../elsewhere\"");
        assertRefused("modules.json", "../elsewhere");
    }

    @Test
    void maxPoolingIsRefused() throws IOException {
        replace("1_Pooling/config.json", "\"pooling_mode_max_tokens\": false", "\"pooling_mode_max_tokens\": true");
        assertRefused("config.json", "pooling_mode_max_tokens");
    }

    @Test
    void aSequenceLengthBeyondThePositionsIsRefused() throws IOException {
        replace("sentence_bert_config.json", "24", "41");
        assertRefused("sentence_bert_config.json", "max_seq_length 41");
    }

    @Test
    void withoutMaxSeqLengthTheTokenizersLimitBoundedByThePositionsCuts() throws IOException {
        Files.delete(dir.resolve("sentence_bert_config.json"));
        assertEquals(40, SentenceEncoder.tokenizer(dir).contextLength());
        replace("tokenizer_config.json", "\"model_max_length\": 512", "\"model_max_length\": 12");
        assertEquals(12, SentenceEncoder.tokenizer(dir).contextLength());
        replace("tokenizer_config.json", "\"model_max_length\": 12", "\"model_max_length\": 1e30");
        assertEquals(40, SentenceEncoder.tokenizer(dir).contextLength());
        replace("tokenizer_config.json", "\"model_max_length\": 1e30", "\"model_max_length\": 1");
        assertRefused("tokenizer_config.json", "model_max_length");
    }

    @Test
    void aTensorOfAnotherShapeIsNamed() throws IOException {
        replace("config.json", "\"intermediate_size\": 64", "\"intermediate_size\": 48");
        assertRefused("model.safetensors", "intermediate.dense.weight");
    }

    @Test
    void wordPieceWithoutBasicTokenisationIsRefused() throws IOException {
        replace("tokenizer_config.json", "\"do_lower_case\": true", "\"do_basic_tokenize\": false, \"do_lower_case\": true");
        assertRefused("tokenizer_config.json", "do_basic_tokenize");
    }

    @Test
    void anotherTokenizerClassIsRefused() throws IOException {
        replace("tokenizer_config.json", "\"BertTokenizer\"", "\"XLMRobertaTokenizer\"");
        assertRefused("tokenizer_config.json", "XLMRobertaTokenizer");
    }

    @Test
    void weightsThatOverflowAreTracedToTheFirstStageThatIsNotFinite() throws IOException {
        Path weights = dir.resolve("model.safetensors");
        SafetensorsWriter writer = new SafetensorsWriter();
        try (SafetensorsFile file = SafetensorsFile.open(weights)) {
            for (Map.Entry<String, TensorInfo> tensor : file.tensors().entrySet()) {
                float[] values = file.readFloats(tensor.getKey());
                if (tensor.getKey().equals("encoder.layer.0.output.dense.weight")) {
                    Arrays.fill(values, 3e38f);
                }
                writer.put(tensor.getKey(), values, tensor.getValue().shape());
            }
        }
        writer.write(weights, DType.F32);
        SentenceEncoder model = SentenceEncoder.load(dir);
        BadInputException e = assertThrows(BadInputException.class,
                () -> model.embed(Parallel.serial(), List.of("a photo of a cat")));
        assertTrue(e.getMessage().contains("not finite") && e.getMessage().contains("text block 0"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }

    private void replace(String file, String from, String to) throws IOException {
        Path path = dir.resolve(file);
        String text = Files.readString(path);
        assertTrue(text.contains(from), file + " lacks " + from);
        Files.writeString(path, text.replace(from, to));
    }

    private void assertRefused(String file, String problem) {
        BadInputException e = assertThrows(BadInputException.class, () -> SentenceEncoder.load(dir));
        assertTrue(e.getMessage().contains(file) && e.getMessage().contains(problem), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }
}
