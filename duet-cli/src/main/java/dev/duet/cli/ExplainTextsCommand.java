/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.cli;

import dev.duet.BadInputException;
import dev.duet.explain.ExplainOptions;
import dev.duet.explain.ExplanationJson;
import dev.duet.explain.Normalization;
import dev.duet.explain.Quadrature;
import dev.duet.explain.SentencePairExplainer;
import dev.duet.explain.SentencePairExplanation;
import dev.duet.model.ModelFamily;
import dev.duet.model.SentenceEncoder;
import dev.duet.tensor.Parallel;
import dev.duet.report.TokenMatrix;
import dev.duet.tokenizer.Encoding;
import dev.duet.tokenizer.Token;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "explain-texts", description = "Explain the cosine of two sentences under a sentence encoder (BERT): "
        + "token-by-token second-order attributions whose sum is the four-term change of the cosine.")
final class ExplainTextsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions model = new ModelOptions();

    @Parameters(paramLabel = "TEXT", arity = "2", description = "the two sentences")
    List<String> texts;

    @Option(names = "--layer", paramLabel = "L", description = "input of block L (default: the last block)")
    Integer layer;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "8", description = "quadrature nodes (default: ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--quadrature", defaultValue = "adaptive", converter = ExplainSettings.SpelledQuadrature.class,
            description = "riemann | gauss-legendre | adaptive (default: ${DEFAULT-VALUE})")
    Quadrature quadrature;

    @Option(names = "--tolerance", defaultValue = "1e-3", description = "adaptive: per-sentence completeness residual "
            + "(default: ${DEFAULT-VALUE})")
    double tolerance;

    @Option(names = "--normalization", defaultValue = "exact", converter = ExplainSettings.SpelledNormalization.class,
            description = "exact | published (default: ${DEFAULT-VALUE})")
    Normalization normalization;

    @Option(names = "--json", description = "print the explanation as JSON (the default prints the matrix)")
    boolean json;

    @Option(names = "--picture", paramLabel = "OUT.png", description = "also draw the token-by-token matrix as a PNG")
    Path picture;

    @Override
    public Integer call() {
        Path directory = model.modelDirectory();
        if (ModelFamily.of(directory) != ModelFamily.SENTENCE_BERT) {
            throw new BadInputException(directory, "explain-texts takes a sentence encoder (BERT); explain takes a "
                    + "caption and an image");
        }
        SentenceEncoder encoder = SentenceEncoder.load(directory);
        ExplainOptions options = ExplainOptions.defaults().withLayers(layer, null).withQuadrature(quadrature, steps)
                .withTolerance(tolerance).withNormalization(normalization);
        SentencePairExplanation explanation;
        try (Parallel parallel = model.parallel()) {
            explanation = new SentencePairExplainer(encoder, options, parallel).explain(texts.get(0), texts.get(1));
        }
        if (picture != null) {
            new TokenMatrix(pieces(explanation.first()), pieces(explanation.second()), explanation.interactions(),
                    String.format(Locale.ROOT, "\u201c%s\u201d and \u201c%s\u201d: cosine %.4f", texts.get(0), texts.get(1),
                            explanation.similarity())).render().writePng(picture);
        }
        if (json) {
            JsonOutput.print(spec.commandLine().getOut(), ExplanationJson.of(explanation, directory));
            return 0;
        }
        print(explanation);
        return 0;
    }

    private static List<String> pieces(Encoding encoding) {
        return encoding.tokens().stream().map(Token::piece).toList();
    }

    /** The matrix with the first sentence's pieces down and the second's across, then the totals. */
    private void print(SentencePairExplanation e) {
        PrintWriter out = spec.commandLine().getOut();
        Encoding first = e.first();
        Encoding second = e.second();
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-14s", ""));
        for (int j = 0; j < second.size(); j++) {
            header.append(String.format(Locale.ROOT, "%11.10s", second.tokens().get(j).piece()));
        }
        out.println(header);
        for (int i = 0; i < first.size(); i++) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-14.14s", first.tokens().get(i).piece()));
            for (int j = 0; j < second.size(); j++) {
                line.append(String.format(Locale.ROOT, "%11.3e", e.interaction(i, j)));
            }
            out.println(line);
        }
        out.printf(Locale.ROOT, "cosine %.5f; sum of entries %.6f, four-term target %.6f, error %.2e%n", e.similarity(),
                e.completeness().sum(), e.completeness().target(), e.completeness().error());
    }
}
