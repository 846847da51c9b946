/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.server;

import dev.duet.explain.Explainer;
import dev.duet.explain.Explanation;
import dev.duet.explain.Factor;
import dev.duet.explain.ImageMode;
import dev.duet.model.DualEncoder;
import dev.duet.model.NonFiniteValues;
import dev.duet.report.Selections;
import dev.duet.tensor.Parallel;
import dev.duet.tokenizer.Encoding;

/**
 * Explanations for the page, each computed once per (caption, image, settings). The text and
 * image factors are cached apart, so a new caption on the same image (or the reverse) costs one
 * tower; the product {@code A = U V^T} and everything selections need is then cheap. One
 * explanation is computed at a time ({@link ExplanationTurns}), on all the explainer's threads;
 * selections never wait for it.
 */
final class ExplanationService implements AutoCloseable {

    static final int CACHED_FACTORS = 32;

    private final DualEncoder model;
    private final Parallel parallel;
    private final LruCache<String, Explained> explanations;
    private final LruCache<ExplainRequest.TextKey, Factor> textFactors = new LruCache<>(CACHED_FACTORS);
    private final LruCache<ExplainRequest.ImageKey, Factor> imageFactors = new LruCache<>(CACHED_FACTORS);
    private final ExplanationTurns turns = new ExplanationTurns();

    ExplanationService(DualEncoder model, int threads, int cachedExplanations) {
        this.model = model;
        this.parallel = Parallel.of(threads);
        this.explanations = new LruCache<>(cachedExplanations);
    }

    DualEncoder model() {
        return model;
    }

    int textLayers() {
        return model.text().layers();
    }

    int imageLayers() {
        return model.vision().lastCut();
    }

    boolean isCached(ExplainRequest request) {
        return explanations.get(request.key().id()) != null;
    }

    /** The explanation of the request, from the cache when it was computed before. */
    Explained explain(ExplainRequest request, StoredImage image) {
        String id = request.key().id();
        Explained known = explanations.get(id);
        if (known != null) {
            return known;
        }
        Encoding caption = model.tokenize(request.caption());
        if (caption.textTokens().isEmpty()) {
            throw ApiException.badRequest("the caption has no tokens the model can read");
        }
        return turns.take(() -> compute(id, request, image, caption));
    }

    private Explained compute(String id, ExplainRequest request, StoredImage image, Encoding caption) {
        Explained known = explanations.get(id);
        if (known != null) {
            return known;
        }
        long start = System.nanoTime();
        Explainer explainer = Explainer.forModel(model, request.options(), parallel);
        Factor text = textFactors.get(request.textKey());
        if (text == null) {
            text = explainer.textFactor(caption.ids());
            textFactors.put(request.textKey(), text);
        }
        Factor pixels = imageFactors.get(request.imageKey());
        Explanation explanation;
        if (pixels == null && explainer.imageModeFor(text) == ImageMode.REVERSE) {
            // no image factor to reuse: reverse mode costs at most what V would, and far less below the last block
            explanation = explainer.explain(text, image.preprocessed().pixels());
        } else {
            if (pixels == null) {
                pixels = explainer.imageFactor(image.preprocessed().pixels());
                imageFactors.put(request.imageKey(), pixels);
            }
            explanation = explainer.explain(text, pixels);
        }
        if (!Double.isFinite(explanation.similarity()) || NonFiniteValues.any(explanation.interactions())) {
            // never cached: the page gets one line saying where the model's values overflow
            String where = NonFiniteValues.locateText(model.text(), parallel, caption.ids());
            throw new ApiException(422, NonFiniteValues.problem(model.directory(), "the explanation", where != null
                    ? where : NonFiniteValues.locateImage(model.vision(), parallel, image.preprocessed().pixels()))
                    .getMessage());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        explanation = explanation.withSeconds(seconds);
        Selections selections = new Selections(explanation, caption, image.preprocessed().geometry());
        Explained explained = new Explained(id, request, image, caption, selections, seconds);
        explanations.put(id, explained);
        return explained;
    }

    /** A cached explanation, or 404 when it was never computed or has been forgotten. */
    Explained get(String id) {
        if (id == null || !id.matches("[0-9a-f]{24}")) {
            throw ApiException.badRequest("explanation id must be 24 hexadecimal digits");
        }
        Explained explained = explanations.get(id);
        if (explained == null) {
            throw ApiException.notFound("explanation " + id + " is no longer cached: press Explain again");
        }
        return explained;
    }

    @Override
    public void close() {
        parallel.close();
    }
}
