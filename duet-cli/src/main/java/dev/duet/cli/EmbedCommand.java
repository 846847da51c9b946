package dev.duet.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.duet.BadInputException;
import dev.duet.JsonFormat;
import dev.duet.image.PreprocessedImage;
import dev.duet.model.ClipModel;
import dev.duet.model.Embeddings;
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

@Command(name = "embed", description = "Text and image embeddings (raw and L2-normalised) and their cosine matrix.")
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
        ClipModel clip = model.load(preprocess);
        List<PreprocessedImage> pixels = new ArrayList<>();
        for (Path image : images) {
            pixels.add(clip.preprocess(image));
        }
        float[][] textEmbeddings;
        float[][] imageEmbeddings;
        try (Parallel parallel = model.parallel()) {
            textEmbeddings = clip.embedTexts(parallel, texts);
            imageEmbeddings = clip.embedImages(parallel, pixels);
        }
        float[][] textNormalized = Embeddings.normalized(textEmbeddings);
        float[][] imageNormalized = Embeddings.normalized(imageEmbeddings);
        float[][] cosine = new float[textNormalized.length][imageNormalized.length];
        for (int t = 0; t < textNormalized.length; t++) {
            for (int i = 0; i < imageNormalized.length; i++) {
                cosine[t][i] = (float) Embeddings.dot(textNormalized[t], imageNormalized[i]);
            }
        }
        if (json) {
            ObjectNode root = JsonFormat.EMBEDDINGS.newDocument();
            root.set("text_embeddings", matrix(textEmbeddings));
            root.set("image_embeddings", matrix(imageEmbeddings));
            root.set("text_embeddings_normalized", matrix(textNormalized));
            root.set("image_embeddings_normalized", matrix(imageNormalized));
            root.set("cosine_text_by_image", matrix(cosine));
            root.put("logit_scale", Math.exp(clip.logitScale()));
            root.put("preprocessing", clip.preprocessor().pipeline().cliName());
            JsonOutput.print(spec.commandLine().getOut(), root);
            return 0;
        }
        for (int t = 0; t < texts.size(); t++) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < images.size(); i++) {
                line.append(String.format(java.util.Locale.ROOT, "%9.5f", cosine[t][i]));
            }
            spec.commandLine().getOut().println(line + "  " + texts.get(t));
        }
        return 0;
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
