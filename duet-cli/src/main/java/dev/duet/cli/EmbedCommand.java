/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.duet.BadInputException;
import dev.duet.JsonFormat;
import dev.duet.Spelling;
import dev.duet.explain.ExplanationJson;
import dev.duet.image.PreprocessedImage;
import dev.duet.model.DualEncoder;
import dev.duet.model.Embeddings;
import dev.duet.model.ModelFamily;
import dev.duet.model.Score;
import dev.duet.model.SentenceEncoder;
import dev.duet.tensor.Parallel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "embed", description = "Text and image embeddings (raw and L2-normalised) and their cosine matrix; for "
        + "SigLIP also each pair's sigmoid probability; for a sentence encoder (BERT) text embeddings and their text-by-text "
        + "cosine matrix.")
final class EmbedCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions model = new ModelOptions();

    @Mixin
    PreprocessOption preprocess = new PreprocessOption();

    @Option(names = "--text", paramLabel = "T", description = "a text (repeatable)")
    List<String> texts = new ArrayList<>();

    @Option(names = "--image", paramLabel = "FILE", description = "an image (repeatable)")
    List<Path> images = new ArrayList<>();

    @Option(names = "--json", description = "print JSON (the default prints the cosine matrix)")
    boolean json;

    @Override
    public Integer call() {
        if (texts.isEmpty() && images.isEmpty()) {
            throw new BadInputException(null, "give at least one --text or --image");
        }
        Path directory = model.modelDirectory();
        if (ModelFamily.of(directory) == ModelFamily.SENTENCE_BERT) {
            return embedSentences(directory);
        }
        DualEncoder loaded = preprocess.load(directory);
        List<PreprocessedImage> pixels = new ArrayList<>();
        for (Path image : images) {
            pixels.add(loaded.preprocess(image));
        }
        float[][] textEmbeddings;
        float[][] imageEmbeddings;
        try (Parallel parallel = model.oneShotParallel()) {
            textEmbeddings = loaded.embedTexts(parallel, texts);
            imageEmbeddings = loaded.embedImages(parallel, pixels);
        }
        float[][] textNormalized = Embeddings.normalized(textEmbeddings);
        float[][] imageNormalized = Embeddings.normalized(imageEmbeddings);
        float[][] cosine = new float[textNormalized.length][imageNormalized.length];
        for (int t = 0; t < textNormalized.length; t++) {
            for (int i = 0; i < imageNormalized.length; i++) {
                cosine[t][i] = (float) Embeddings.dot(textNormalized[t], imageNormalized[i]);
            }
        }
        // SigLIP scores each pair on its own: sigmoid(cos * exp(logit_scale) + logit_bias)
        Score.Sigmoid sigmoid = loaded.score() instanceof Score.Sigmoid s ? s : null;
        float[][] probability = null;
        if (sigmoid != null) {
            probability = new float[cosine.length][imageNormalized.length];
            for (int t = 0; t < cosine.length; t++) {
                for (int i = 0; i < imageNormalized.length; i++) {
                    probability[t][i] = (float) sigmoid.probability(cosine[t][i]);
                }
            }
        }
        if (json) {
            ObjectNode root = JsonFormat.EMBEDDINGS.newDocument();
            root.put("model_family", Spelling.of(loaded.family()));
            root.set("text_embeddings", matrix(textEmbeddings));
            root.set("image_embeddings", matrix(imageEmbeddings));
            root.set("text_embeddings_normalized", matrix(textNormalized));
            root.set("image_embeddings_normalized", matrix(imageNormalized));
            root.set("cosine_text_by_image", matrix(cosine));
            ExplanationJson.score(root, loaded.score());
            if (probability != null) {
                root.set("probability_text_by_image", matrix(probability));
            }
            root.put("preprocessing", loaded.preprocessor().pipeline().cliName());
            JsonOutput.print(spec.commandLine().getOut(), root);
            return 0;
        }
        printMatrix(cosine, "%9.5f");
        if (sigmoid != null) {
            spec.commandLine().getOut().printf(java.util.Locale.ROOT, "sigmoid(cosine * %.4g %s %.4g):%n", sigmoid.multiplier(),
                    sigmoid.logitBias() < 0 ? "-" : "+", Math.abs(sigmoid.logitBias()));
            printMatrix(probability, "%11.3e");
        }
        return 0;
    }

    /** A sentence encoder's embeddings of the texts (as the model gives them) and their cosine matrix. */
    private int embedSentences(Path directory) {
        if (!images.isEmpty() || preprocess.pipeline != null) {
            throw new BadInputException(directory, "a sentence encoder (BERT) embeds texts only: drop --image and --preprocess");
        }
        SentenceEncoder encoder = SentenceEncoder.load(directory);
        float[][] embeddings;
        try (Parallel parallel = model.oneShotParallel()) {
            embeddings = encoder.embed(parallel, texts);
        }
        float[][] normalized = Embeddings.normalized(embeddings);
        float[][] cosine = new float[normalized.length][normalized.length];
        for (int a = 0; a < normalized.length; a++) {
            for (int b = 0; b < normalized.length; b++) {
                cosine[a][b] = (float) Embeddings.dot(normalized[a], normalized[b]);
            }
        }
        if (json) {
            ObjectNode root = JsonFormat.EMBEDDINGS.newDocument();
            root.put("model_family", Spelling.of(ModelFamily.SENTENCE_BERT));
            root.put("pooling", Spelling.of(encoder.pooling()));
            root.put("normalized_by_model", encoder.normalizes());
            root.set("text_embeddings", matrix(embeddings));
            root.set("text_embeddings_normalized", matrix(normalized));
            root.set("cosine_text_by_text", matrix(cosine));
            JsonOutput.print(spec.commandLine().getOut(), root);
            return 0;
        }
        for (int a = 0; a < texts.size(); a++) {
            StringBuilder line = new StringBuilder();
            for (int b = 0; b < texts.size(); b++) {
                line.append(String.format(java.util.Locale.ROOT, "%9.5f", cosine[a][b]));
            }
            spec.commandLine().getOut().println(line + "  " + texts.get(a));
        }
        return 0;
    }

    /** One line per text: its values against each image, then the text. */
    private void printMatrix(float[][] textByImage, String format) {
        for (int t = 0; t < texts.size(); t++) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < images.size(); i++) {
                line.append(String.format(java.util.Locale.ROOT, format, textByImage[t][i]));
            }
            spec.commandLine().getOut().println(line + "  " + texts.get(t));
        }
    }

    private static ArrayNode matrix(float[][] rows) {
        ArrayNode matrix = JsonOutput.mapper().createArrayNode();
        for (float[] row : rows) {
            ArrayNode values = matrix.addArray();
            for (float value : row) {
                values.add(value);
            }
        }
        return matrix;
    }
}
