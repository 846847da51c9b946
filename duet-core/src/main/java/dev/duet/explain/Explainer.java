/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.explain;

import dev.duet.BadInputException;
import dev.duet.image.PreprocessedImage;
import dev.duet.model.AlignTextEncoder;
import dev.duet.model.DualEncoder;
import dev.duet.model.NonFiniteValues;
import dev.duet.model.TextEncoder;
import dev.duet.model.TextTower;
import dev.duet.model.ImageTower;
import dev.duet.model.Score;
import dev.duet.tensor.Gemm;
import dev.duet.tensor.Matrix;
import dev.duet.tensor.Parallel;
import dev.duet.tokenizer.Encoding;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Second-order attributions of a dual encoder's cosine (arXiv 2408.14153) through the factorisation
 * {@code A = U V^T} (docs/method.md §3): {@link #textFactor} and {@link #imageFactor} are
 * computed once per caption and per image and can be reused against many partners. For a single
 * pair, {@link #explain(Factor, float[])} can skip V and pull U's rows back through the image
 * tower instead (reverse mode, {@link ImageMode}), which is much cheaper below the last block.
 */
public final class Explainer {

    private final TextTower text;
    private final ImageTower vision;
    private final Score score;
    private final float[] pixelMean;
    private final float[] pixelStd;
    private final ExplainOptions options;
    private final Parallel parallel;
    private final FactorEngine engine;
    private final InteractionEngine reverse;
    // reference states are the same for every input (of a length): computed once per explainer
    private final java.util.Map<Integer, ReferencePoint> textReferences = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile ReferencePoint imageReference;

    /** A reference state [T][D] at the cut and the slice's raw embedding of it. */
    private record ReferencePoint(float[] state, float[] embedding) {
    }

    /**
     * An explainer of two towers, with the layers of {@code options} resolved (null: the last text block's input,
     * the image tower's default cut).
     *
     * @param text      the text tower (CLIP's and SigLIP's transformer, or ALIGN's BERT)
     * @param vision    the image tower
     * @param score     the model's score, which explanations report beside the cosine they decompose
     * @param pixelMean the preprocessing's per-channel mean, [3], for image references given as colours
     * @param pixelStd  the preprocessing's per-channel standard deviation, [3]
     * @param options   the settings of every explanation
     * @param parallel  the threads to run on (not closed by the explainer)
     * @throws dev.duet.BadInputException if a layer of {@code options} is outside its tower
     * @throws IllegalArgumentException if the towers' embeddings differ in width
     */
    public Explainer(TextTower text, ImageTower vision, Score score, float[] pixelMean, float[] pixelStd,
                     ExplainOptions options, Parallel parallel) {
        this.text = text;
        this.vision = vision;
        this.score = score;
        this.pixelMean = pixelMean.clone();
        this.pixelStd = pixelStd.clone();
        this.options = options.withLayers(
                options.textLayer() == null ? text.layers() - 1 : options.textLayer(),
                options.imageLayer() == null ? vision.defaultCut() : options.imageLayer());
        checkLayer("text", this.options.textLayer(), text.layers());
        checkLayer("image", this.options.imageLayer(), vision.lastCut());
        if (text.projectionDim() != vision.projectionDim()) {
            throw new IllegalArgumentException("text embeddings of " + text.projectionDim() + " and image embeddings of "
                    + vision.projectionDim() + " values cannot be compared");
        }
        this.parallel = parallel;
        this.engine = new FactorEngine(parallel);
        this.reverse = new InteractionEngine(parallel);
    }

    private static void checkLayer(String tower, int layer, int layers) {
        if (layer < 0 || layer > layers) {
            throw new BadInputException(null, tower + " layer " + layer + " is outside 0.." + layers
                    + " (the input of a block, or " + layers + " = after the last block)");
        }
    }

    /**
     * {@return an explainer for a loaded model, with its preprocessing's mean and std}
     *
     * @param model    the model
     * @param options  the settings of every explanation
     * @param parallel the threads to run on (not closed by the explainer)
     * @throws dev.duet.BadInputException if a layer of {@code options} is outside its tower
     */
    public static Explainer forModel(DualEncoder model, ExplainOptions options, Parallel parallel) {
        return new Explainer(model.text(), model.vision(), model.score(),
                model.preprocessor().config().imageMean(), model.preprocessor().config().imageStd(), options, parallel);
    }

    /**
     * Tokenizes, preprocesses and explains one pair.
     *
     * @param model    the model
     * @param caption  any text, not null
     * @param image    a PNG, JPEG, BMP, GIF or WebP file
     * @param options  the settings
     * @param parallel the threads to run on
     * @return the explanation with the caption's tokens and the image's crop
     * @throws dev.duet.BadInputException if the image cannot be decoded, a layer is outside its tower, or a value
     *         of the explanation is not finite (the message names where it first appears)
     */
    public static CaptionImageExplanation explain(DualEncoder model, String caption, Path image, ExplainOptions options,
                                                  Parallel parallel) {
        return explain(model, List.of(caption), image, options, parallel).get(0);
    }

    /**
     * Tokenizes, preprocesses and explains several captions against one image, in one pass over the image
     * ({@link #explain(List, float[])}); each explanation's seconds are the whole call's.
     *
     * @param model    the model
     * @param captions texts, not null
     * @param image    a PNG, JPEG, BMP, GIF or WebP file
     * @param options  the settings
     * @param parallel the threads to run on
     * @return an explanation for each caption, in their order, with its tokens and the image's crop
     * @throws dev.duet.BadInputException if the image cannot be decoded, a layer is outside its tower, or a value
     *         of an explanation is not finite (the message names where it first appears)
     */
    public static List<CaptionImageExplanation> explain(DualEncoder model, List<String> captions, Path image,
                                                        ExplainOptions options, Parallel parallel) {
        Explainer explainer = forModel(model, options, parallel);
        long start = System.nanoTime();
        List<Encoding> encodings = captions.stream().map(model::tokenize).toList();
        PreprocessedImage pixels = model.preprocess(image);
        List<Explanation> explanations = explainer.explain(
                encodings.stream().map(encoding -> explainer.textFactor(encoding.ids())).toList(), pixels.pixels());
        double seconds = (System.nanoTime() - start) / 1e9;
        List<CaptionImageExplanation> results = new ArrayList<>(captions.size());
        for (int i = 0; i < captions.size(); i++) {
            Explanation explanation = explanations.get(i);
            if (!Double.isFinite(explanation.similarity()) || NonFiniteValues.any(explanation.interactions())) {
                String where = NonFiniteValues.locateText(model.text(), parallel, encodings.get(i).ids());
                throw NonFiniteValues.problem(model.directory(), "the explanation of \"" + captions.get(i) + "\" and "
                        + image, where != null ? where : NonFiniteValues.locateImage(model.vision(), parallel,
                        pixels.pixels()));
            }
            results.add(new CaptionImageExplanation(explanation.withSeconds(seconds), encodings.get(i), pixels));
        }
        return results;
    }

    /** {@return the settings, with both layers resolved} */
    public ExplainOptions options() {
        return options;
    }

    /** {@return the text cut: the input of this block (0 = the embeddings)} */
    public int textLayer() {
        return options.textLayer();
    }

    /** {@return the image cut} */
    public int imageLayer() {
        return options.imageLayer();
    }

    /**
     * U for a caption given as the text tower's input ({@link dev.duet.tokenizer.Encoding#ids}).
     * Rows after the pooled row are dropped: CLIP's causal tower pools EOS, and no later row reaches
     * it. SigLIP's pools its last row, which every row reaches, so every padded position contributes; they are
     * explained as one: the first padded position's row holds their sum and the later ones are zero, and the
     * rows still add up to the embedding's change. The reference is the tower's {@link TextReference} over the
     * same rows.
     *
     * @param ids the caption's token ids, at most the context length, not empty
     * @return U with its path integral
     */
    public Factor textFactor(int[] ids) {
        return textFactor(textCut(ids));
    }

    /**
     * A caption at the text cut: its ids and the tower's state there, [rows][width]. A search computes it on the way
     * to the query's embedding ({@link #textEmbedding}), and {@link #textFactor(TextCut)} integrates from it, so that
     * explaining the results does not run the blocks below the cut again.
     *
     * @param ids   the caption's token ids
     * @param state the hidden state at the input of block {@link #textLayer()}, of the rows that reach the pooled one
     */
    public record TextCut(int[] ids, float[] state) {
    }

    /**
     * {@return the caption at the text cut: the blocks below it run once}
     *
     * @param ids the caption's token ids, at most the context length, not empty
     */
    public TextCut textCut(int[] ids) {
        int layer = textLayer();
        return switch (text) {
            case TextEncoder transformer -> new TextCut(ids.clone(),
                    transformer.hiddenState(parallel, ids, transformer.pooledRow(ids) + 1, layer));
            case AlignTextEncoder align -> new TextCut(ids.clone(), align.bert().hiddenState(parallel, ids, layer));
        };
    }

    /**
     * {@return the caption's raw (unnormalised) embedding [P], the rest of the tower run from its cut}
     *
     * @param cut a caption at this explainer's text cut
     */
    public float[] textEmbedding(TextCut cut) {
        return textSlice(cut.ids()).embedding(parallel, cut.state());
    }

    /**
     * {@return U for a caption at the text cut, as {@link #textFactor(int[])} gives it}
     *
     * @param cut a caption at this explainer's text cut, from {@link #textCut}
     */
    public Factor textFactor(TextCut cut) {
        int[] ids = cut.ids();
        TowerSlice slice = textSlice(ids);
        int layer = textLayer();
        ReferencePoint reference = textReferences.computeIfAbsent(slice.rows(), rows -> {
            float[] state = switch (text) {
                case TextEncoder transformer -> transformer.hiddenState(parallel,
                        TextReference.of(transformer.config()).ids(transformer.config(), rows, options.textReferenceLength()),
                        rows, layer);
                case AlignTextEncoder align -> align.bert().hiddenState(parallel, TextReference.paddingBetween(ids, align.padId()),
                        layer);
            };
            return new ReferencePoint(state, slice.embedding(parallel, state));
        });
        Factor factor = integrate(slice, cut.state(), reference);
        // SigLIP pools its last position, so every padded position contributes: they are explained as one, the
        // first padded position's row holding their sum (exact by linearity), so that an image side that pulls
        // U's rows back pulls back about ten rows instead of 64
        int padding = text instanceof TextEncoder transformer ? transformer.paddingFrom(ids) : ids.length;
        return padding < factor.rowCount() - 1 ? factor.withRowsSummedInto(padding) : factor;
    }

    /**
     * The text tower above the cut. CLIP's and SigLIP's transformer: the rows up to the pooled one. ALIGN's BERT:
     * every row reaches the pooled [CLS] row, so every token is a row of U, and the reference is
     * {@code [CLS] [PAD] ... [SEP]} over the same rows.
     */
    private TowerSlice textSlice(int[] ids) {
        int layer = textLayer();
        return switch (text) {
            case TextEncoder transformer -> {
                int pooled = transformer.pooledRow(ids);
                yield TransformerSlice.text(transformer, layer, pooled + 1, pooled);
            }
            case AlignTextEncoder align -> DenseSlice.align(align, layer, ids.length);
        };
    }

    /** How the text tower's reference is made. */
    private TextReference textReference() {
        return switch (text) {
            case TextEncoder transformer -> TextReference.of(transformer.config());
            case AlignTextEncoder align -> TextReference.PADDING_BETWEEN_CLS_AND_SEP;
        };
    }

    /**
     * {@return V for an image; the reference comes from the options}
     *
     * @param pixels the preprocessed image, CHW [3][imageSize][imageSize]
     */
    public Factor imageFactor(float[] pixels) {
        int layer = imageLayer();
        TowerSlice slice = TowerSlice.image(vision, layer);
        return integrate(slice, vision.hiddenState(parallel, pixels, layer), imageReference(slice, pixels));
    }

    private ReferencePoint imageReference(TowerSlice slice, float[] pixels) {
        ReferencePoint reference = imageReference;
        if (reference == null || options.imageReference().dependsOnInput()) {
            int size = vision.imageSize();
            float[] referencePixels = options.imageReference().pixels(pixels, size, pixelMean, pixelStd);
            float[] state = vision.hiddenState(parallel, referencePixels, imageLayer());
            reference = new ReferencePoint(state, slice.embedding(parallel, state));
            if (!options.imageReference().dependsOnInput()) {
                imageReference = reference;
            }
        }
        return reference;
    }

    /**
     * A caption's factor against an image given as its CHW model-input tensor, the image side in
     * the options' {@link ImageMode}: through V ({@link #imageFactor}), or in reverse mode without it.
     *
     * @param textFactor the caption's U, from {@link #textFactor} of this explainer
     * @param pixels     the preprocessed image, CHW [3][imageSize][imageSize]
     * @return the interaction matrix with its completeness; its options name the image mode used
     */
    public Explanation explain(Factor textFactor, float[] pixels) {
        return explain(List.of(textFactor), pixels).get(0);
    }

    /**
     * Several captions' factors against one image, in one pass over the image's path: through V, formed once,
     * or in reverse mode with the image's state, reference, quadrature and each node's forward shared and every
     * caption's rows pulled back together. Each explanation is what {@link #explain(Factor, float[])} gives
     * for its caption in the same mode, but for rounding; its seconds are the whole pass's.
     *
     * @param textFactors the captions' U, from {@link #textFactor} of this explainer
     * @param pixels      the preprocessed image, CHW [3][imageSize][imageSize]
     * @return an explanation for each caption, in their order; their options name the image mode used
     */
    public List<Explanation> explain(List<Factor> textFactors, float[] pixels) {
        if (textFactors.isEmpty()) {
            return List.of();
        }
        if (imageModeFor(textFactors) == ImageMode.FORWARD) {
            Factor image = imageFactor(pixels);
            return textFactors.stream().map(text -> explain(text, image)).toList();
        }
        long start = System.nanoTime();
        int layer = imageLayer();
        TowerSlice slice = TowerSlice.image(vision, layer);
        float[] y = vision.hiddenState(parallel, pixels, layer);
        ReferencePoint reference = imageReference(slice, pixels);
        // U of every caption, stacked [sum of rows][P]
        int dim = textFactors.get(0).dim();
        int rows = textFactors.stream().mapToInt(Factor::rowCount).sum();
        float[] u = new float[rows * dim];
        int filled = 0;
        for (Factor text : textFactors) {
            System.arraycopy(text.rows(), 0, u, filled, text.rowCount() * dim);
            filled += text.rowCount() * dim;
        }
        // the image tower's residual is its dense path's: known where the adaptive rule chose the panels, else NaN
        InteractionEngine.Result result = AdaptiveRule.integrate(options, (rule, screened) -> reverse.compute(u, rows,
                        slice, y, reference.state(), reference.embedding(), rule, options.normalization(), screened),
                r -> r.image().residual(), () -> new DensePath(parallel, slice, y, reference.state(),
                        reference.embedding(), options.normalization()));
        int columns = vision.cut(layer).rows();
        List<Explanation> explanations = new ArrayList<>(textFactors.size());
        int first = 0;
        for (Factor text : textFactors) {
            float[] interactions = Arrays.copyOfRange(result.interactions(), first * columns,
                    (first + text.rowCount()) * columns);
            explanations.add(assemble(interactions, text.integral(), result.image(), ImageMode.REVERSE, start));
            first += text.rowCount();
        }
        return explanations;
    }

    /**
     * {@return the mode {@link #explain(Factor, float[])} uses for this caption: FORWARD or REVERSE (see
     * {@link ImageMode})}
     *
     * @param textFactor the caption's U
     */
    public ImageMode imageModeFor(Factor textFactor) {
        return imageModeFor(List.of(textFactor));
    }

    /**
     * {@return the mode {@link #explain(List, float[])} uses for these captions: in the automatic mode, reverse
     * while their rows together are fewer than the image's (a cotangent per caption row against a tangent per
     * image row)}
     *
     * @param textFactors the captions' U
     */
    public ImageMode imageModeFor(List<Factor> textFactors) {
        return switch (options.imageMode()) {
            case FORWARD, REVERSE -> options.imageMode();
            case AUTO -> textFactors.stream().mapToInt(Factor::nonZeroRows).sum() < vision.cut(imageLayer()).rows()
                    ? ImageMode.REVERSE : ImageMode.FORWARD;
        };
    }

    private Factor integrate(TowerSlice slice, float[] x, ReferencePoint reference) {
        return engine.integrate(slice, x, reference.state(), reference.embedding(), options);
    }

    /**
     * {@return A = U V^T with the completeness report; cheap (a [T][P] x [P][R] product)}
     *
     * @param textFactor  the caption's U, from {@link #textFactor} of this explainer
     * @param imageFactor the image's V, from {@link #imageFactor} of this explainer
     */
    public Explanation explain(Factor textFactor, Factor imageFactor) {
        long start = System.nanoTime();
        int tokens = textFactor.rowCount();
        int columns = imageFactor.rowCount();
        int dim = textFactor.dim();
        float[] interactions = new float[tokens * columns];
        Gemm.multiply(Parallel.serial(), Matrix.of(textFactor.rows(), tokens, dim),
                Matrix.of(imageFactor.rows(), columns, dim).t(), Matrix.of(interactions, tokens, columns), false);
        return assemble(interactions, textFactor.integral(), imageFactor.integral(), ImageMode.FORWARD, start);
    }

    /**
     * The explanation of A [tokens][columns] (scaled here when the options say so); its options
     * name the image mode that was used.
     */
    private Explanation assemble(float[] interactions, PathIntegral text, PathIntegral image, ImageMode used,
                                 long start) {
        ImageTower.Cut cut = vision.cut(imageLayer());
        int columns = cut.rows();
        int tokens = interactions.length / columns;
        double scale = options.scaleByLogit() ? score.multiplier() : 1.0;
        if (scale != 1.0) {
            for (int i = 0; i < interactions.length; i++) {
                interactions[i] *= (float) scale;
            }
        }
        Completeness completeness = completeness(text, image, interactions, tokens, columns, cut.classRow(), scale);
        double similarity = Vectors.dot(Factor.mapped(Normalization.EXACT, text.inputEmbedding(), text.inputEmbedding()),
                Factor.mapped(Normalization.EXACT, image.inputEmbedding(), image.inputEmbedding()));
        return new Explanation(interactions, tokens, cut.gridRows(), cut.gridCols(), cut.classRow(), similarity, score, completeness,
                text, image, options.withImageMode(used), textReference(),
                (System.nanoTime() - start) / 1e9);
    }

    /** The four terms of docs/method.md §2 for A [tokens][columns], whose first column is a class row's when {@code classColumn}. */
    static Completeness completeness(PathIntegral textFactor, PathIntegral imageFactor, float[] interactions, int tokens,
                                     int columns, boolean classColumn, double scale) {
        Normalization mode = textFactor.normalization();
        double[] textInput = Factor.mapped(mode, textFactor.inputEmbedding(), textFactor.inputEmbedding());
        double[] textReference = Factor.mapped(mode, textFactor.referenceEmbedding(), textFactor.inputEmbedding());
        double[] imageInput = Factor.mapped(mode, imageFactor.inputEmbedding(), imageFactor.inputEmbedding());
        double[] imageReference = Factor.mapped(mode, imageFactor.referenceEmbedding(), imageFactor.inputEmbedding());
        double textImage = scale * Vectors.dot(textInput, imageInput);
        double textReferenceImage = scale * Vectors.dot(textInput, imageReference);
        double referenceTextImage = scale * Vectors.dot(textReference, imageInput);
        double referenceBoth = scale * Vectors.dot(textReference, imageReference);
        double target = textImage - textReferenceImage - referenceTextImage + referenceBoth;
        double sum = 0;
        double absolute = 0;
        double cls = 0;
        for (int token = 0; token < tokens; token++) {
            for (int column = 0; column < columns; column++) {
                double value = interactions[token * columns + column];
                sum += value;
                absolute += Math.abs(value);
                if (column == 0 && classColumn) {
                    cls += Math.abs(value);
                }
            }
        }
        double clsShare = absolute == 0 ? 0 : cls / absolute;
        return new Completeness(textImage, textReferenceImage, referenceTextImage, referenceBoth, target, sum,
                sum - target, clsShare);
    }
}
