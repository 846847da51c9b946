package dev.duet.cli;

import dev.duet.image.PreprocessingPipeline;
import dev.duet.model.ClipModel;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** {@code --preprocess openai|hf}, on every command that reads image files. */
final class PreprocessOption {

    @Option(names = "--preprocess", paramLabel = "openai|hf", converter = PipelineConverter.class,
            description = "image preprocessing order: openai (OpenAI's and open_clip's: resize and crop in the image's own mode, "
                    + "then RGB) or hf (transformers': RGB first); default: the checkpoint layout's own (hf for the "
                    + "HuggingFace layout, openai for open_clip's)")
    PreprocessingPipeline pipeline;

    /** The pipeline asked for, else the one of the checkpoint's layout. */
    PreprocessingPipeline resolve(Path modelDirectory) {
        return pipeline != null ? pipeline : ClipModel.defaultPipeline(modelDirectory);
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
