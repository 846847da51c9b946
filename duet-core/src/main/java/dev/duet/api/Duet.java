/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.api;

import dev.duet.explain.CaptionImageExplanation;
import dev.duet.explain.ExplainOptions;
import dev.duet.explain.Explainer;
import dev.duet.explain.Explanation;
import dev.duet.image.PreprocessedImage;
import dev.duet.image.PreprocessingPipeline;
import dev.duet.model.DualEncoder;
import dev.duet.tensor.Parallel;
import dev.duet.tokenizer.Encoding;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * One checkpoint, CLIP's, SigLIP's or ALIGN's, ready to embed and explain: the entry point for Java programs.
 *
 * <pre>{@code
 * try (Duet duet = Duet.load(Path.of("models/default"))) {
 *     CaptionImageExplanation result = duet.explain("a red square", Path.of("photo.png"));
 *     float[] map = result.spanMap(2, 12);   // characters [2, 12) of the caption, one value per patch
 * }
 * }</pre>
 *
 * Images may be files, decoded {@link BufferedImage}s, encoded bytes or streams (PNG, JPEG, BMP,
 * GIF or WebP, decoded as PIL's {@code Image.open(...)} decodes the same file), preprocessed as the
 * checkpoint's own library does (for CLIP, {@link PreprocessingPipeline#HF} in the HuggingFace layout and
 * {@link PreprocessingPipeline#OPENAI} in open_clip's, unless {@link #load(Path, ExplainOptions, int,
 * PreprocessingPipeline)} names one; for SigLIP, transformers' {@code SiglipImageProcessor}).
 * The explanations decompose the cosine of the two embeddings; {@link #model()}{@code .score()} turns
 * a cosine into the model's logit (and, for SigLIP, its probability).
 * A {@code Duet} owns a pool of worker threads, which {@link #close} stops; its methods may be
 * called from several threads, one call running at a time. Bad input (a missing or undecodable
 * image, a broken checkpoint) throws {@link dev.duet.BadInputException}, whose message names the
 * file and the problem.
 */
public final class Duet implements AutoCloseable {

    private final DualEncoder model;
    private final Parallel parallel;
    private final Explainer explainer;

    private Duet(DualEncoder model, ExplainOptions options, Parallel parallel) {
        this.model = model;
        this.parallel = parallel;
        this.explainer = Explainer.forModel(model, options, parallel);
    }

    /** Loads a checkpoint folder (CLIP in the HuggingFace or open_clip layout, or SigLIP) with the default settings, on every core. */
    public static Duet load(Path model) {
        return load(model, ExplainOptions.defaults(), Runtime.getRuntime().availableProcessors());
    }

    /** Loads a checkpoint folder with these explanation settings and this many worker threads. */
    public static Duet load(Path model, ExplainOptions options, int threads) {
        checkThreads(threads);
        return start(DualEncoder.load(model), options, threads);
    }

    /**
     * {@link #load(Path, ExplainOptions, int)} with images preprocessed in {@code preprocessing}'s order:
     * CLIP only, as a SigLIP checkpoint has one preprocessing.
     */
    public static Duet load(Path model, ExplainOptions options, int threads, PreprocessingPipeline preprocessing) {
        checkThreads(threads);
        return start(DualEncoder.load(model, preprocessing), options, threads);
    }

    private static void checkThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
    }

    private static Duet start(DualEncoder loaded, ExplainOptions options, int threads) {
        Parallel parallel = Parallel.of(threads);
        try {
            return new Duet(loaded, options, parallel);
        } catch (RuntimeException e) {
            parallel.close();
            throw e;
        }
    }

    /** The loaded model: its family, tokenizer, preprocessing and score. */
    public DualEncoder model() {
        return model;
    }

    /** The settings explanations use, with the layers resolved. */
    public ExplainOptions options() {
        return explainer.options();
    }

    /** The caption's embedding, of unit length (the dot product of two is their cosine). */
    public synchronized float[] embedCaption(String caption) {
        return unit(model.embedTexts(parallel, List.of(caption))[0]);
    }

    /** The image's embedding, of unit length. */
    public float[] embedImage(Path image) {
        return embed(model.preprocess(image));
    }

    /** @see #embedImage(Path) */
    public float[] embedImage(BufferedImage image) {
        return embed(model.preprocessor().preprocess(image));
    }

    /** @see #embedImage(Path); {@code encoded} holds an image file's bytes */
    public float[] embedImage(byte[] encoded) {
        return embed(decode(encoded));
    }

    /** @see #embedImage(Path); the stream holds an image file's bytes and is read to its end, not closed */
    public float[] embedImage(InputStream encoded) {
        return embed(decode(readAll(encoded)));
    }

    /** The interactions of the caption's tokens with the image's patches, with the caption's tokens and the image's crop. */
    public CaptionImageExplanation explain(String caption, Path image) {
        return explain(caption, model.preprocess(image));
    }

    /** @see #explain(String, Path) */
    public CaptionImageExplanation explain(String caption, BufferedImage image) {
        return explain(caption, model.preprocessor().preprocess(image));
    }

    /** @see #explain(String, Path); {@code encoded} holds an image file's bytes */
    public CaptionImageExplanation explain(String caption, byte[] encoded) {
        return explain(caption, decode(encoded));
    }

    /** @see #explain(String, Path); the stream holds an image file's bytes and is read to its end, not closed */
    public CaptionImageExplanation explain(String caption, InputStream encoded) {
        return explain(caption, decode(readAll(encoded)));
    }

    private synchronized CaptionImageExplanation explain(String caption, PreprocessedImage image) {
        long start = System.nanoTime();
        Encoding encoding = model.tokenize(caption);
        Explanation explanation = explainer.explain(explainer.textFactor(encoding.ids()), image.pixels());
        return new CaptionImageExplanation(explanation.withSeconds((System.nanoTime() - start) / 1e9), encoding, image);
    }

    private synchronized float[] embed(PreprocessedImage image) {
        return unit(model.embedImages(parallel, List.of(image))[0]);
    }

    private PreprocessedImage decode(byte[] encoded) {
        return model.preprocessor().preprocess(encoded, "(image bytes)");
    }

    private static byte[] readAll(InputStream encoded) {
        try {
            return encoded.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the image stream", e);
        }
    }

    private static float[] unit(float[] vector) {
        double norm = 0;
        for (float value : vector) {
            norm += (double) value * value;
        }
        float scale = (float) (1 / Math.sqrt(norm));
        float[] unit = new float[vector.length];
        for (int i = 0; i < vector.length; i++) {
            unit[i] = vector[i] * scale;
        }
        return unit;
    }

    /** Stops the worker threads; the instance cannot be used afterwards. */
    @Override
    public synchronized void close() {
        parallel.close();
    }
}
