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
import java.util.ArrayList;
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

    /**
     * Loads a checkpoint folder (CLIP in the HuggingFace or open_clip layout, or SigLIP) with
     * {@link ExplainOptions#defaults()}, one worker thread per available processor.
     *
     * @param model the checkpoint folder
     * @return the loaded model, owning its threads until {@link #close()}
     * @throws dev.duet.BadInputException if the folder is missing, is not a CLIP or SigLIP checkpoint (a
     *         sentence encoder has no image tower), or a file of it is missing or malformed
     */
    public static Duet load(Path model) {
        return load(model, ExplainOptions.defaults(), Runtime.getRuntime().availableProcessors());
    }

    /**
     * Loads a checkpoint folder with these explanation settings and this many worker threads.
     *
     * @param model   the checkpoint folder
     * @param options the settings of every explanation; a layer left null is the tower's default cut (the
     *                input of the text tower's last block; the vision tower's own default)
     * @param threads worker threads, at least 1 (1 runs everything on the calling thread)
     * @return the loaded model, owning its threads until {@link #close()}
     * @throws IllegalArgumentException if {@code threads} is below 1
     * @throws dev.duet.BadInputException if the checkpoint cannot be loaded (as {@link #load(Path)}) or
     *         {@code options} name a layer the model does not have
     */
    public static Duet load(Path model, ExplainOptions options, int threads) {
        checkThreads(threads);
        return start(DualEncoder.load(model), options, threads);
    }

    /**
     * {@link #load(Path, ExplainOptions, int)} with images preprocessed in {@code preprocessing}'s order:
     * CLIP only, as a SigLIP checkpoint has one preprocessing.
     *
     * @param model         the checkpoint folder, CLIP's
     * @param options       the settings of every explanation
     * @param threads       worker threads, at least 1
     * @param preprocessing the order of CLIP's image preprocessing: OpenAI's or transformers'
     * @return the loaded model, owning its threads until {@link #close()}
     * @throws IllegalArgumentException if {@code threads} is below 1
     * @throws dev.duet.BadInputException if the checkpoint cannot be loaded or is a SigLIP's
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

    /** {@return the loaded model: its family, tokenizer, image preprocessing, towers and score} */
    public DualEncoder model() {
        return model;
    }

    /** {@return the settings explanations use, with both layers resolved to numbers} */
    public ExplainOptions options() {
        return explainer.options();
    }

    /**
     * Embeds a caption, tokenized as the checkpoint's library does (cut to the text tower's context
     * length, 77 tokens for CLIP).
     *
     * @param caption any text, not null
     * @return the caption's embedding, of unit length, [projection width]: the dot product of two is their cosine
     * @throws dev.duet.BadInputException if the embedding is not finite (a broken checkpoint); the message
     *         names the first layer where it stops being finite
     */
    public synchronized float[] embedCaption(String caption) {
        return unit(model.embedTexts(parallel, List.of(caption))[0]);
    }

    /**
     * Embeds an image file, decoded as PIL decodes it and preprocessed as the checkpoint's library does.
     *
     * @param image a PNG, JPEG, BMP, GIF (first frame) or WebP file
     * @return the image's embedding, of unit length, [projection width]
     * @throws dev.duet.BadInputException if the file is missing, unreadable, not an image, damaged or too
     *         large to decode, or its embedding is not finite
     */
    public float[] embedImage(Path image) {
        return embed(model.preprocess(image));
    }

    /**
     * Embeds a decoded image, preprocessed as the checkpoint's library does (its colour model converted to RGB
     * as PIL's {@code convert("RGB")} would).
     *
     * @param image the picture
     * @return the image's embedding, of unit length, [projection width]
     * @throws dev.duet.BadInputException if its embedding is not finite
     */
    public float[] embedImage(BufferedImage image) {
        return embed(model.preprocessor().preprocess(image));
    }

    /**
     * Embeds an image given as the bytes of its file, as {@link #embedImage(Path)} does.
     *
     * @param encoded the whole content of a PNG, JPEG, BMP, GIF or WebP file
     * @return the image's embedding, of unit length, [projection width]
     * @throws dev.duet.BadInputException if the bytes are not an image, damaged or too large to decode
     */
    public float[] embedImage(byte[] encoded) {
        return embed(decode(encoded));
    }

    /**
     * Embeds an image read from a stream, as {@link #embedImage(Path)} does.
     *
     * @param encoded a PNG, JPEG, BMP, GIF or WebP file's bytes; read to its end and left open
     * @return the image's embedding, of unit length, [projection width]
     * @throws java.io.UncheckedIOException if reading the stream fails
     * @throws dev.duet.BadInputException if the bytes are not an image, damaged or too large to decode
     */
    public float[] embedImage(InputStream encoded) {
        return embed(decode(readAll(encoded)));
    }

    /**
     * Explains the similarity of a caption and an image file: the interaction of every caption token
     * with every image patch, whose entries add up to the change of the cosine against the references.
     *
     * @param caption any text, not null; tokenized and cut as {@link #embedCaption} does
     * @param image   a PNG, JPEG, BMP, GIF (first frame) or WebP file
     * @return the interaction matrix with the caption's tokens and the image's crop, for maps of words and phrases
     * @throws dev.duet.BadInputException if the file is missing, unreadable, not an image, damaged or too
     *         large to decode
     */
    public CaptionImageExplanation explain(String caption, Path image) {
        return explain(caption, model.preprocess(image));
    }

    /**
     * Explains a caption against a decoded image, as {@link #explain(String, Path)} does.
     *
     * @param caption any text, not null
     * @param image   the picture, converted to RGB as PIL's {@code convert("RGB")} would
     * @return the interaction matrix with the caption's tokens and the image's crop
     */
    public CaptionImageExplanation explain(String caption, BufferedImage image) {
        return explain(caption, model.preprocessor().preprocess(image));
    }

    /**
     * Explains a caption against an image given as the bytes of its file, as {@link #explain(String, Path)} does.
     *
     * @param caption any text, not null
     * @param encoded the whole content of a PNG, JPEG, BMP, GIF or WebP file
     * @return the interaction matrix with the caption's tokens and the image's crop
     * @throws dev.duet.BadInputException if the bytes are not an image, damaged or too large to decode
     */
    public CaptionImageExplanation explain(String caption, byte[] encoded) {
        return explain(caption, decode(encoded));
    }

    /**
     * Explains a caption against an image read from a stream, as {@link #explain(String, Path)} does.
     *
     * @param caption any text, not null
     * @param encoded a PNG, JPEG, BMP, GIF or WebP file's bytes; read to its end and left open
     * @return the interaction matrix with the caption's tokens and the image's crop
     * @throws java.io.UncheckedIOException if reading the stream fails
     * @throws dev.duet.BadInputException if the bytes are not an image, damaged or too large to decode
     */
    public CaptionImageExplanation explain(String caption, InputStream encoded) {
        return explain(caption, decode(readAll(encoded)));
    }

    /**
     * Explains several captions against one image file in one pass over the image: its path is integrated
     * once for all of them (a caption and its hard negatives, a query and its rewordings). Each result is what
     * {@link #explain(String, Path)} gives for its caption, but for rounding; its seconds are the whole call's.
     *
     * @param captions texts, not null, as {@link #explain(String, Path)} takes them
     * @param image    a PNG, JPEG, BMP, GIF (first frame) or WebP file
     * @return an explanation for each caption, in their order
     * @throws dev.duet.BadInputException if the file is missing, unreadable, not an image, damaged or too
     *         large to decode
     */
    public List<CaptionImageExplanation> explain(List<String> captions, Path image) {
        return explain(captions, model.preprocess(image));
    }

    private synchronized List<CaptionImageExplanation> explain(List<String> captions, PreprocessedImage image) {
        long start = System.nanoTime();
        List<Encoding> encodings = captions.stream().map(model::tokenize).toList();
        List<Explanation> explanations = explainer.explain(
                encodings.stream().map(encoding -> explainer.textFactor(encoding.ids())).toList(), image.pixels());
        double seconds = (System.nanoTime() - start) / 1e9;
        List<CaptionImageExplanation> results = new ArrayList<>(captions.size());
        for (int i = 0; i < captions.size(); i++) {
            results.add(new CaptionImageExplanation(explanations.get(i).withSeconds(seconds), encodings.get(i), image));
        }
        return results;
    }

    private CaptionImageExplanation explain(String caption, PreprocessedImage image) {
        return explain(List.of(caption), image).get(0);
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

    /**
     * Stops the worker threads once a running call has finished. Calls made afterwards still work, on
     * the calling thread alone.
     */
    @Override
    public synchronized void close() {
        parallel.close();
    }
}
