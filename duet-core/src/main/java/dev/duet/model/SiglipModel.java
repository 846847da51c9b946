package dev.duet.model;

import dev.duet.BadInputException;
import dev.duet.InputFiles;
import dev.duet.image.ImagePreprocessor;
import dev.duet.image.PreprocessorConfig;
import dev.duet.model.safetensors.SafetensorsFile;
import dev.duet.model.safetensors.TensorSource;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A SigLIP dual encoder: its towers, and the score {@code sigmoid(cos * exp(logitScale) + logitBias)}.
 * Both embeddings have the towers' width (no projection to a shared space beyond the text head).
 */
public record SiglipModel(TextEncoder text, VisionEncoder vision, float logitScale, float logitBias) {

    /** A SigLIP checkpoint directory in transformers' layout ({@code config.json}, {@code model.safetensors}). */
    public static SiglipModel load(Path directory) {
        SiglipConfig config = SiglipLayout.readConfig(directory.resolve(SiglipLayout.CONFIG));
        Path weights = directory.resolve(SiglipLayout.WEIGHTS);
        InputFiles.checkedSize(weights, Long.MAX_VALUE);
        try (TensorSource file = SafetensorsFile.open(weights)) {
            return read(file, config.text(), config.vision());
        }
    }

    /**
     * The directory's image preprocessing: its {@code preprocessor_config.json} (a
     * {@code SiglipImageProcessor}'s fixed height x width resize, or any size the file names), or
     * {@link PreprocessorConfig#siglipDefaults} at the vision config's {@code image_size} when it has
     * none; refused when the model input it gives is not {@code image_size} square.
     */
    public static ImagePreprocessor preprocessor(Path directory) {
        int imageSize = SiglipLayout.readConfig(directory.resolve(SiglipLayout.CONFIG)).vision().imageSize();
        Path file = directory.resolve("preprocessor_config.json");
        PreprocessorConfig config = Files.exists(file) ? PreprocessorConfig.load(file)
                : PreprocessorConfig.siglipDefaults(imageSize);
        if (config.cropWidth() != imageSize || config.cropHeight() != imageSize) {
            throw new BadInputException(file, "model input " + config.cropWidth() + "x" + config.cropHeight()
                    + " differs from the model's image_size " + imageSize);
        }
        return new ImagePreprocessor(config);
    }

    /** The towers in transformers' layout in {@code file}, shapes checked against the two configs. */
    public static SiglipModel read(TensorSource file, ClipConfig.Text text, ClipConfig.Vision vision) {
        return SiglipLayout.read(file, text, vision);
    }

    /** The logit of a pair from its raw embeddings. */
    public double logit(float[] textEmbedding, float[] imageEmbedding) {
        double dot = 0;
        double textNorm = 0;
        double imageNorm = 0;
        for (int i = 0; i < textEmbedding.length; i++) {
            dot += (double) textEmbedding[i] * imageEmbedding[i];
            textNorm += (double) textEmbedding[i] * textEmbedding[i];
            imageNorm += (double) imageEmbedding[i] * imageEmbedding[i];
        }
        return dot / Math.sqrt(textNorm * imageNorm) * Math.exp(logitScale) + logitBias;
    }
}
