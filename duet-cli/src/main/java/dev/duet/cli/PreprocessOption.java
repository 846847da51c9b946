/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.cli;

import dev.duet.image.ImagePreprocessor;
import dev.duet.image.PreprocessingPipeline;
import dev.duet.model.DualEncoder;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** {@code --preprocess openai|hf}, on every command that reads image files. */
final class PreprocessOption {

    @Option(names = "--preprocess", paramLabel = "openai|hf", converter = PipelineConverter.class,
            description = "CLIP's image preprocessing order: openai (OpenAI's and open_clip's: resize and crop in the image's "
                    + "own mode, then RGB) or hf (transformers': RGB first); default: the checkpoint layout's own (hf for the "
                    + "HuggingFace layout, openai for open_clip's). A SigLIP checkpoint has one preprocessing and refuses it")
    PreprocessingPipeline pipeline;

    /** The model in {@code directory}, its images preprocessed in the order asked for, else as its own library does. */
    DualEncoder load(Path directory) {
        return pipeline == null ? DualEncoder.load(directory) : DualEncoder.load(directory, pipeline);
    }

    /** Only the image preprocessing of the model in {@code directory}, as {@link #load} would set it up. */
    ImagePreprocessor preprocessor(Path directory) {
        return pipeline == null ? DualEncoder.preprocessor(directory) : DualEncoder.preprocessor(directory, pipeline);
    }

    static final class PipelineConverter implements CommandLine.ITypeConverter<PreprocessingPipeline> {
        @Override
        public PreprocessingPipeline convert(String value) {
            for (PreprocessingPipeline pipeline : PreprocessingPipeline.values()) {
                if (pipeline.cliName().equals(value)) {
                    return pipeline;
                }
            }
            throw new CommandLine.TypeConversionException("unknown preprocessing '" + value + "' (openai or hf)");
        }
    }
}
