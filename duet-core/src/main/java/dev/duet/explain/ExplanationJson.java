package dev.duet.explain;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.duet.JsonFormat;
import dev.duet.Spelling;
import dev.duet.Version;
import dev.duet.tokenizer.Encoding;
import dev.duet.tokenizer.Token;

import java.nio.file.Path;

/**
 * The JSON form of an explanation ({@link JsonFormat#EXPLANATION}: {@code format},
 * {@code format_version}, {@code duet_version} first). Scripts depend on these names: {@code tokens}, {@code grid},
 * {@code interactions} (tokens BOS..EOS x (1 + patches), column 0 = CLS), {@code similarity},
 * {@code completeness} {terms, target, sum, error}, {@code crop} {resized, offset, size, preprocessing: openai | hf},
 * {@code settings}, {@code seconds}.
 */
public final class ExplanationJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ExplanationJson() {
    }

    public static ArrayNode tokens(Encoding encoding) {
        ArrayNode tokens = JSON.createArrayNode();
        for (Token token : encoding.tokens()) {
            tokens.addObject().put("id", token.id()).put("piece", token.piece()).put("start", token.start()).put("end", token.end());
        }
        return tokens;
    }

    public static ObjectNode of(CaptionImageExplanation pair, Path model, Path image) {
        Explanation explanation = pair.attributions();
        ObjectNode root = JsonFormat.EXPLANATION.newDocument();
        root.put("caption", pair.caption().text());
        root.put("image", image.toString());
        root.set("tokens", tokens(pair.caption()));
        root.putArray("grid").add(explanation.gridRows()).add(explanation.gridCols());
        root.put("class_column", explanation.classColumn());
        ArrayNode rows = root.putArray("interactions");
        for (int token = 0; token < explanation.tokens(); token++) {
            ArrayNode row = rows.addArray();
            for (int column = 0; column < explanation.columns(); column++) {
                row.add(explanation.at(token, column));
            }
        }
        root.put("similarity", explanation.similarity());
        root.put("logit_scale", explanation.logitScale());
        root.set("completeness", completeness(explanation));
        ObjectNode crop = root.putObject("crop");
        crop.putArray("resized").add(pair.image().geometry().resizedWidth()).add(pair.image().geometry().resizedHeight());
        crop.putArray("offset").add(pair.image().geometry().cropX()).add(pair.image().geometry().cropY());
        crop.put("size", pair.image().geometry().cropWidth());
        crop.put("preprocessing", pair.image().pipeline().cliName());
        root.set("settings", settings(explanation, model));
        root.put("seconds", explanation.seconds());
        return root;
    }

    /**
     * The completeness report of an explanation: the four terms, their target, the sum of A and
     * the error, the CLS and BOS/EOS shares, each tower's own residual (the image's null in
     * reverse mode with a fixed rule, which does not compute it) and the nodes used.
     */
    public static ObjectNode completeness(Explanation explanation) {
        Completeness completeness = explanation.completeness();
        ObjectNode complete = JSON.createObjectNode();
        complete.putObject("terms")
                .put("s_text_image", completeness.textImage())
                .put("s_text_refimage", completeness.textReferenceImage())
                .put("s_reftext_image", completeness.referenceTextImage())
                .put("s_reftext_refimage", completeness.referenceTextReferenceImage());
        complete.put("target", completeness.target());
        complete.put("sum", completeness.sum());
        complete.put("error", completeness.error());
        complete.put("cls_share", completeness.clsShare());
        complete.put("bos_eos_share", completeness.specialTokenShare());
        complete.put("text_residual", explanation.text().residual());
        double imageResidual = explanation.image().residual();
        if (Double.isNaN(imageResidual)) {
            complete.putNull("image_residual");
        } else {
            complete.put("image_residual", imageResidual);
        }
        return complete;
    }

    static ObjectNode settings(Explanation explanation, Path model) {
        ExplainOptions options = explanation.options();
        ObjectNode settings = JSON.createObjectNode();
        settings.put("model", model.toString());
        settings.put("text_layer", options.textLayer());
        settings.put("image_layer", options.imageLayer());
        settings.put("quadrature", Spelling.of(options.quadrature()));
        settings.put("steps", options.steps());
        settings.put("text_nodes", explanation.text().nodes());
        settings.put("image_nodes", explanation.image().nodes());
        settings.put("image_mode", Spelling.of(options.imageMode()));
        settings.put("normalization", Spelling.of(options.normalization()));
        settings.put("text_reference", "BOS " + "0 ".repeat(options.textReferenceLength()) + "EOS");
        settings.put("image_reference", options.imageReference().describe());
        settings.put("scale_by_logit", options.scaleByLogit());
        settings.put("duet_version", Version.VALUE);
        return settings;
    }
}
