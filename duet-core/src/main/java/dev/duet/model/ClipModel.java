package dev.duet.model;

import dev.duet.BadInputException;
import dev.duet.image.ImagePreprocessor;
import dev.duet.image.PreprocessedImage;
import dev.duet.image.PreprocessorConfig;
import dev.duet.tensor.Parallel;
import dev.duet.tokenizer.ClipTokenizer;
import dev.duet.tokenizer.Encoding;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * A loaded CLIP checkpoint with everything needed to go from text and image files to
 * embeddings: the towers, the tokenizer and the image preprocessing of its directory.
 */
public final class ClipModel {

    private final ClipCheckpoint checkpoint;
    private final TextEncoder text;
    private final ImageTower vision;
    private final ClipTokenizer tokenizer;
    private final ImagePreprocessor preprocessor;

    private ClipModel(ClipCheckpoint checkpoint, ClipTokenizer tokenizer, ImagePreprocessor preprocessor) {
        this.checkpoint = checkpoint;
        ClipConfig config = checkpoint.config();
        this.text = new TextEncoder(config.text(), checkpoint.weights().text(), config.projectionDim());
        this.vision = switch (checkpoint.weights().image()) {
            case VisionWeights weights -> new VisionEncoder(config.vision(), weights, config.projectionDim());
            case ResNetWeights weights -> new ResNetEncoder((ResNetConfig) config.image(), weights);
        };
        this.tokenizer = tokenizer;
        this.preprocessor = preprocessor;
    }

    public static ClipModel load(Path directory) {
        ClipConfig architecture = ClipCheckpoint.readConfig(directory);
        // the tokenizer (JSON and merges, one core) loads while the weights are read (memory copies, the other)
        FutureTask<ClipTokenizer> tokenizerLoad = new FutureTask<>(
                () -> ClipTokenizer.load(directory, architecture.text().contextLength()));
        Thread.ofPlatform().name("duet-tokenizer-load").daemon().start(tokenizerLoad);
        ClipCheckpoint checkpoint = ClipCheckpoint.load(directory);
        ClipConfig config = checkpoint.config();
        ClipTokenizer tokenizer = result(tokenizerLoad);
        if (tokenizer.vocabularySize() > config.text().vocabSize()) {
            throw new BadInputException(directory.resolve("vocab.json"), "vocabulary of " + tokenizer.vocabularySize()
                    + " entries exceeds the model's vocab_size " + config.text().vocabSize());
        }
        int imageSize = config.image().imageSize();
        PreprocessorConfig preprocessing = PreprocessorConfig.forModelDirectory(directory, imageSize);
        if (preprocessing.cropWidth() != imageSize || preprocessing.cropHeight() != imageSize) {
            throw new BadInputException(directory.resolve("preprocessor_config.json"), "crop size "
                    + preprocessing.cropWidth() + "x" + preprocessing.cropHeight() + " differs from the model's image_size "
                    + imageSize);
        }
        return new ClipModel(checkpoint, tokenizer, new ImagePreprocessor(preprocessing));
    }

    private static <T> T result(FutureTask<T> task) {
        try {
            return task.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while loading", e);
        }
    }

    /** A model from weights in memory (a training run), with the tokenizer and preprocessing it uses. */
    public static ClipModel of(ClipCheckpoint checkpoint, ClipTokenizer tokenizer, ImagePreprocessor preprocessor) {
        return new ClipModel(checkpoint, tokenizer, preprocessor);
    }

    public Path directory() {
        return checkpoint.directory();
    }

    public ClipConfig config() {
        return checkpoint.config();
    }

    public ClipWeights weights() {
        return checkpoint.weights();
    }

    public TextEncoder text() {
        return text;
    }

    public ImageTower vision() {
        return vision;
    }

    public ClipTokenizer tokenizer() {
        return tokenizer;
    }

    public ImagePreprocessor preprocessor() {
        return preprocessor;
    }

    public float logitScale() {
        return checkpoint.weights().logitScale();
    }

    public Encoding tokenize(String caption) {
        return tokenizer.encode(caption);
    }

    public PreprocessedImage preprocess(Path image) {
        return preprocessor.preprocess(image);
    }

    /** Raw (projected, unnormalised) text embeddings [B][P]. */
    public float[][] embedTexts(Parallel parallel, List<String> captions) {
        List<int[]> ids = new ArrayList<>(captions.size());
        for (String caption : captions) {
            ids.add(tokenizer.encode(caption).ids());
        }
        float[][] embeddings = ids.isEmpty() ? new float[0][] : text.encode(parallel, ids);
        for (int i = 0; i < embeddings.length; i++) {
            if (NonFiniteValues.any(embeddings[i])) {
                throw NonFiniteValues.problem(directory(), "the embedding of caption " + (i + 1),
                        NonFiniteValues.locateText(text, parallel, ids.get(i)));
            }
        }
        return embeddings;
    }

    /** Raw (projected, unnormalised) image embeddings [B][P]. */
    public float[][] embedImages(Parallel parallel, List<PreprocessedImage> images) {
        List<float[]> pixels = new ArrayList<>(images.size());
        for (PreprocessedImage image : images) {
            pixels.add(image.pixels());
        }
        float[][] embeddings = pixels.isEmpty() ? new float[0][] : vision.encode(parallel, pixels);
        for (int i = 0; i < embeddings.length; i++) {
            if (NonFiniteValues.any(embeddings[i])) {
                throw NonFiniteValues.problem(directory(), "the embedding of image " + (i + 1),
                        NonFiniteValues.locateImage(vision, parallel, pixels.get(i)));
            }
        }
        return embeddings;
    }
}
