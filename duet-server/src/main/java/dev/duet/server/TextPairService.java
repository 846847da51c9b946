/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.server;

import dev.duet.explain.Factor;
import dev.duet.explain.SentencePairExplainer;
import dev.duet.explain.SentencePairExplanation;
import dev.duet.model.NonFiniteValues;
import dev.duet.model.SentenceEncoder;
import dev.duet.tensor.Parallel;
import dev.duet.tokenizer.Encoding;

/**
 * Explanations of pairs of texts under a sentence encoder, each computed once per (texts, layer,
 * settings). Each sentence's factor is cached under what it depends on
 * ({@link TextPairRequest.SentenceKey}), so a new second text against the same first costs one
 * factor, and {@code A = U_first U_second^T} is then cheap. Explanations take turns with each
 * other ({@link ExplanationTurns}) on all the explainer's threads.
 */
final class TextPairService implements AutoCloseable {

    private final SentenceEncoder model;
    private final Parallel parallel;
    private final LruCache<TextPairRequest, SentencePairExplanation> explanations;
    private final LruCache<TextPairRequest.SentenceKey, Factor> factors =
            new LruCache<>(ExplanationService.CACHED_FACTORS);
    private final ExplanationTurns turns = new ExplanationTurns();

    /** An explanation, and whether it came from the cache. */
    record Answer(SentencePairExplanation explanation, boolean cached) {
    }

    TextPairService(SentenceEncoder model, int threads, int cachedExplanations) {
        this.model = model;
        this.parallel = Parallel.of(threads);
        this.explanations = new LruCache<>(cachedExplanations);
    }

    SentenceEncoder model() {
        return model;
    }

    /** Blocks of the tower: the cut is the input of one of them. */
    int layers() {
        return model.tower().blocks().size();
    }

    /** The explanation of the request, from the cache when it was computed before. */
    Answer explain(TextPairRequest request) {
        SentencePairExplanation known = explanations.get(request);
        if (known != null) {
            return new Answer(known, true);
        }
        Encoding first = readable(request.first(), "first");
        Encoding second = readable(request.second(), "second");
        return turns.take(() -> compute(request, first, second));
    }

    private Encoding readable(String text, String which) {
        Encoding encoding = model.tokenizer().encode(text);
        if (encoding.textTokens().isEmpty()) {
            throw ApiException.badRequest("the " + which + " text has no tokens the model can read");
        }
        return encoding;
    }

    private Answer compute(TextPairRequest request, Encoding first, Encoding second) {
        SentencePairExplanation known = explanations.get(request);
        if (known != null) {
            return new Answer(known, true);
        }
        long start = System.nanoTime();
        SentencePairExplainer explainer = new SentencePairExplainer(model, request.options(), parallel);
        Factor firstFactor = factor(explainer, request.firstKey(), first);
        Factor secondFactor = factor(explainer, request.secondKey(), second);
        SentencePairExplanation explanation = explainer.explain(first, firstFactor, second, secondFactor, start);
        if (!Double.isFinite(explanation.similarity()) || NonFiniteValues.any(explanation.interactions())) {
            // never cached: the page gets one line saying where the model's values overflow
            String where = NonFiniteValues.locateSentence(model.tower(), parallel, first.ids());
            throw new ApiException(422, NonFiniteValues.problem(model.directory(), "the explanation", where != null
                    ? where : NonFiniteValues.locateSentence(model.tower(), parallel, second.ids())).getMessage());
        }
        explanations.put(request, explanation);
        return new Answer(explanation, false);
    }

    private Factor factor(SentencePairExplainer explainer, TextPairRequest.SentenceKey key, Encoding encoding) {
        Factor known = factors.get(key);
        if (known != null) {
            return known;
        }
        Factor factor = explainer.factor(encoding);
        factors.put(key, factor);
        return factor;
    }

    @Override
    public void close() {
        parallel.close();
    }
}
