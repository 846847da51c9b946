/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.explain;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.duet.JsonFormat;
import dev.duet.Spelling;
import dev.duet.Version;
import dev.duet.model.DualEncoder;
import dev.duet.model.Score;
import dev.duet.tokenizer.Encoding;
import dev.duet.tokenizer.Token;

import java.nio.file.Path;

/**
 * The JSON form of an explanation ({@link JsonFormat#EXPLANATION}: {@code format},
 * {@code format_version}, {@code duet_version} first). Scripts depend on these names: {@code model_family},
 * {@code tokens}, {@code grid}, {@code interactions} (every token of the text tower's input x (CLS if
 * {@code class_column}, then the patches)), {@code similarity} (the cosine the entries decompose), the score's
 * parameters ({@link #score}: {@code logit_scale}, and for SigLIP {@code logit_bias}, {@code logit} and
 * {@code probability}), {@code completeness} {terms, target, sum, error, shares},
 * {@code crop} {resized, offset, size, preprocessing: openai | hf}, {@code settings}, {@code seconds}.
 */
public final class ExplanationJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ExplanationJson() {
    }

    /** Every position of the text tower's input: id, piece, characters [start, end) and role (bos, text, eos, padding). */
    public static ArrayNode tokens(Encoding encoding) {
        ArrayNode tokens = JSON.createArrayNode();
        for (int t = 0; t < encoding.size(); t++) {
            Token token = encoding.tokens().get(t);
            tokens.addObject().put("id", token.id()).put("piece", token.piece()).put("start", token.start())
                    .put("end", token.end()).put("role", Spelling.of(encoding.role(t)));
        }
        return tokens;
    }

    public static ObjectNode of(CaptionImageExplanation pair, DualEncoder model, Path image) {
        Explanation explanation = pair.attributions();
        ObjectNode root = JsonFormat.EXPLANATION.newDocument();
        root.put("model_family", Spelling.of(model.family()));
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
        score(root, explanation.score());
        if (explanation.score() instanceof Score.Sigmoid sigmoid) {
            root.put("logit", sigmoid.logit(explanation.similarity()));
            root.put("probability", sigmoid.probability(explanation.similarity()));
        }
        root.set("completeness", completeness(explanation, pair.caption()));
        ObjectNode crop = root.putObject("crop");
        crop.putArray("resized").add(pair.image().geometry().resizedWidth()).add(pair.image().geometry().resizedHeight());
        crop.putArray("offset").add(pair.image().geometry().cropX()).add(pair.image().geometry().cropY());
        crop.put("size", pair.image().geometry().cropWidth());
        crop.put("preprocessing", pair.image().pipeline().cliName());
        root.set("settings", settings(explanation, model.directory()));
        root.put("seconds", explanation.seconds());
        return root;
    }

    /**
     * The JSON form of a sentence pair's explanation ({@link JsonFormat#SENTENCE_EXPLANATION}):
     * {@code model_family} sentence-bert, {@code first} and {@code second} (text and tokens),
     * {@code interactions} [first's tokens][second's tokens], {@code similarity}, {@code completeness}
     * (the four terms, target, sum, error, each sentence's residual) and {@code settings}.
     */
    public static ObjectNode of(SentencePairExplanation explanation, Path model) {
        ObjectNode root = JsonFormat.SENTENCE_EXPLANATION.newDocument();
        root.put("model_family", Spelling.of(dev.duet.model.ModelFamily.SENTENCE_BERT));
        root.putObject("first").put("text", explanation.first().text()).set("tokens", tokens(explanation.first()));
        root.putObject("second").put("text", explanation.second().text()).set("tokens", tokens(explanation.second()));
        ArrayNode rows = root.putArray("interactions");
        for (int i = 0; i < explanation.first().size(); i++) {
            ArrayNode row = rows.addArray();
            for (int j = 0; j < explanation.second().size(); j++) {
                row.add(explanation.interaction(i, j));
            }
        }
        root.put("similarity", explanation.similarity());
        Completeness completeness = explanation.completeness();
        ObjectNode complete = root.putObject("completeness");
        complete.putObject("terms")
                .put("s_first_second", completeness.textImage())
                .put("s_first_refsecond", completeness.textReferenceImage())
                .put("s_reffirst_second", completeness.referenceTextImage())
                .put("s_reffirst_refsecond", completeness.referenceTextReferenceImage());
        complete.put("target", completeness.target());
        complete.put("sum", completeness.sum());
        complete.put("error", completeness.error());
        complete.put("first_residual", explanation.firstIntegral().residual());
        complete.put("second_residual", explanation.secondIntegral().residual());
        ExplainOptions options = explanation.options();
        ObjectNode settings = root.putObject("settings");
        settings.put("model", model.toString());
        settings.put("layer", options.textLayer());
        settings.put("quadrature", Spelling.of(options.quadrature()));
        settings.put("steps", options.steps());
        settings.put("first_nodes", explanation.firstIntegral().nodes());
        settings.put("second_nodes", explanation.secondIntegral().nodes());
        settings.put("normalization", Spelling.of(options.normalization()));
        settings.put("reference", SentencePairExplainer.REFERENCE);
        settings.put("duet_version", Version.VALUE);
        root.put("seconds", explanation.seconds());
        return root;
    }

    /**
     * A score's parameters: {@code logit_scale} (exp of the checkpoint's, the factor that turns a
     * cosine into a logit) and, for SigLIP's sigmoid, {@code logit_bias}.
     */
    public static void score(ObjectNode node, Score score) {
        node.put("logit_scale", score.multiplier());
        if (score instanceof Score.Sigmoid sigmoid) {
            node.put("logit_bias", sigmoid.logitBias());
        }
    }

    /**
     * The completeness report of an explanation of {@code caption}: the four terms, their target,
     * the sum of A and the error, the shares of sum |A| in the CLS column and in the rows that are
     * not caption text ({@code bos_eos_share}: BOS, EOS and SigLIP's padding), each tower's own
     * residual (the image's null in reverse mode with a fixed rule, which does not compute it).
     */
    public static ObjectNode completeness(Explanation explanation, Encoding caption) {
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
        Encoding.TokenRange text = caption.textTokens();
        complete.put("bos_eos_share", explanation.rowShare(0, text.from())
                + explanation.rowShare(text.to(), explanation.tokens()));
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
        settings.put("text_reference", explanation.textReference().describe(options.textReferenceLength()));
        settings.put("image_reference", options.imageReference().describe());
        settings.put("scale_by_logit", options.scaleByLogit());
        settings.put("duet_version", Version.VALUE);
        return settings;
    }
}
