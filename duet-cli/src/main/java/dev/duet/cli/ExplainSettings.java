/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.cli;

import dev.duet.BadInputException;
import dev.duet.Spelling;
import dev.duet.explain.ExplainOptions;
import dev.duet.explain.ImageMode;
import dev.duet.explain.ImageReference;
import dev.duet.explain.Normalization;
import dev.duet.explain.Quadrature;
import dev.duet.model.DualEncoder;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

import java.nio.file.Path;

/** The explanation's settings, shared by {@code explain} and {@code report}. */
final class ExplainSettings {

    enum ImageReferenceName { mean, blur, constant }

    @Option(names = "--text-layer", paramLabel = "L", description = "input of text block L (default: the last block)")
    Integer textLayer;

    @Option(names = "--image-layer", paramLabel = "L", description = "input of vision block L (default: the last block)")
    Integer imageLayer;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "8", description = "quadrature nodes (default: ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--quadrature", defaultValue = "adaptive", converter = SpelledQuadrature.class,
            description = "riemann | gauss-legendre | adaptive (default: ${DEFAULT-VALUE})")
    Quadrature quadrature;

    @Option(names = "--tolerance", defaultValue = "1e-3", description = "adaptive: per-tower completeness residual (default: ${DEFAULT-VALUE})")
    double tolerance;

    @Option(names = "--normalization", defaultValue = "exact", converter = SpelledNormalization.class,
            description = "exact | published (default: ${DEFAULT-VALUE})")
    Normalization normalization;

    @Option(names = "--text-reference-length", defaultValue = "1", paramLabel = "K",
            description = "zeros between BOS and EOS in the text reference: 1 = today's code, 2 = the paper's experiments")
    int textReferenceLength;

    @Option(names = "--image-reference", defaultValue = "mean", description = "mean | blur | constant (default: ${DEFAULT-VALUE})")
    ImageReferenceName imageReference;

    @Option(names = "--reference-image", paramLabel = "FILE", description = "a reference image instead of --image-reference")
    Path referenceImage;

    @Option(names = "--reference-colour", paramLabel = "R,G,B", split = ",", description = "colour for --image-reference constant (0..255)")
    int[] referenceColour = {128, 128, 128};

    @Option(names = "--blur-sigma", paramLabel = "PX", description = "blur radius for --image-reference blur (default: one patch)")
    Double blurSigma;

    @Option(names = "--logit-scale", description = "multiply attributions by exp(logit_scale)")
    boolean logitScale;

    @Option(names = "--image-mode", defaultValue = "auto", converter = SpelledImageMode.class,
            description = "auto | forward | reverse: the image side through its factor V (forward-mode tangents) or "
                    + "without it (reverse mode, cheaper below the last block; default: ${DEFAULT-VALUE})")
    ImageMode imageMode;

    ExplainOptions options(DualEncoder loaded) {
        return ExplainOptions.defaults()
                .withLayers(textLayer, imageLayer)
                .withQuadrature(quadrature, steps)
                .withTolerance(tolerance)
                .withNormalization(normalization)
                .withTextReferenceLength(textReferenceLength)
                .withImageReference(imageReference(loaded))
                .withScaleByLogit(logitScale)
                .withImageMode(imageMode);
    }

    /** Reads an option in its concept's one spelling ({@link Spelling}); picocli's own enum reading wants constant names. */
    private abstract static class Spelled<E extends Enum<E>> implements ITypeConverter<E> {
        private final Class<E> type;

        Spelled(Class<E> type) {
            this.type = type;
        }

        @Override
        public E convert(String value) {
            return Spelling.parse(type, value).orElseThrow(() -> new TypeConversionException(
                    "'" + value + "' is not one of " + Spelling.choices(type)));
        }
    }

    static final class SpelledQuadrature extends Spelled<Quadrature> {
        SpelledQuadrature() {
            super(Quadrature.class);
        }
    }

    static final class SpelledNormalization extends Spelled<Normalization> {
        SpelledNormalization() {
            super(Normalization.class);
        }
    }

    static final class SpelledImageMode extends Spelled<ImageMode> {
        SpelledImageMode() {
            super(ImageMode.class);
        }
    }

    private ImageReference imageReference(DualEncoder loaded) {
        if (referenceImage != null) {
            return new ImageReference.Given(loaded.preprocess(referenceImage).pixels(), referenceImage.toString());
        }
        return imageReference(imageReference, referenceColour, blurSigma, loaded);
    }

    /** The reference named on the command line: the mean colour, a blur of the input (sigma in model pixels) or a colour. */
    static ImageReference imageReference(ImageReferenceName name, int[] referenceColour, Double blurSigma, DualEncoder loaded) {
        return switch (name) {
            case mean -> new ImageReference.MeanColour();
            // by default one image cell (a patch, or a ResNet map's position at the default cut)
            case blur -> new ImageReference.Blurred(blurSigma == null
                    ? loaded.vision().cut(loaded.vision().defaultCut()).cellSize() : blurSigma);
            case constant -> {
                if (referenceColour.length != 3) {
                    throw new BadInputException(null, "--reference-colour needs three values R,G,B");
                }
                for (int component : referenceColour) {
                    if (component < 0 || component > 255) {
                        throw new BadInputException(null, "--reference-colour components must be in 0..255");
                    }
                }
                yield new ImageReference.Constant(referenceColour[0] / 255f, referenceColour[1] / 255f, referenceColour[2] / 255f);
            }
        };
    }
}
