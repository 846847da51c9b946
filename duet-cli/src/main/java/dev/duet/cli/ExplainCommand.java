package dev.duet.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.duet.explain.CaptionImageExplanation;
import dev.duet.explain.Completeness;
import dev.duet.explain.ExplainOptions;
import dev.duet.explain.Explainer;
import dev.duet.explain.ExplanationJson;
import dev.duet.explain.ImageReference;
import dev.duet.explain.Normalization;
import dev.duet.explain.Quadrature;
import dev.duet.model.ClipModel;
import dev.duet.tensor.Parallel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "explain", description = "Token x patch interactions that add up to the similarity change against references.")
final class ExplainCommand implements Callable<Integer> {

    enum QuadratureName { riemann, gauss, adaptive }

    enum NormalizationName { exact, published }

    enum ImageReferenceName { mean, blur, constant }

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions model = new ModelOptions();

    @Option(names = "--caption", required = true, paramLabel = "TEXT")
    String caption;

    @Option(names = "--image", required = true, paramLabel = "FILE")
    Path image;

    @Option(names = "--text-layer", paramLabel = "L", description = "input of text block L (default: the last block)")
    Integer textLayer;

    @Option(names = "--image-layer", paramLabel = "L", description = "input of vision block L (default: the last block)")
    Integer imageLayer;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "8", description = "quadrature nodes (default: ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--quadrature", defaultValue = "gauss", description = "riemann | gauss | adaptive (default: ${DEFAULT-VALUE})")
    QuadratureName quadrature;

    @Option(names = "--tolerance", defaultValue = "1e-3", description = "adaptive: per-tower completeness residual (default: ${DEFAULT-VALUE})")
    double tolerance;

    @Option(names = "--normalization", defaultValue = "exact", description = "exact | published (default: ${DEFAULT-VALUE})")
    NormalizationName normalization;

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

    @Option(names = "--json", paramLabel = "OUT.json", description = "write the explanation as JSON")
    Path json;

    @Override
    public Integer call() {
        ClipModel clip = model.load();
        ExplainOptions options = options(clip);
        CaptionImageExplanation result;
        try (Parallel parallel = model.parallel()) {
            result = Explainer.explain(clip, caption, image, options, parallel);
        }
        if (json != null) {
            ObjectNode root = ExplanationJson.of(result, model.modelDirectory(), image);
            JsonOutput.write(json, root);
        }
        Completeness completeness = result.attributions().completeness();
        spec.commandLine().getOut().printf(Locale.ROOT,
                "similarity %.5f; attributions sum %.5f vs target %.5f (error %.2e) in %.2f s%s%n",
                result.attributions().similarity(), completeness.sum(), completeness.target(), completeness.error(),
                result.attributions().seconds(), json == null ? "" : "; wrote " + json);
        return 0;
    }

    private ExplainOptions options(ClipModel clip) {
        Quadrature rule = switch (quadrature) {
            case riemann -> Quadrature.RIEMANN;
            case gauss -> Quadrature.GAUSS_LEGENDRE;
            case adaptive -> Quadrature.ADAPTIVE;
        };
        return ExplainOptions.defaults()
                .withLayers(textLayer, imageLayer)
                .withQuadrature(rule, steps)
                .withTolerance(tolerance)
                .withNormalization(normalization == NormalizationName.exact ? Normalization.EXACT : Normalization.PUBLISHED)
                .withTextReferenceLength(textReferenceLength)
                .withImageReference(imageReference(clip))
                .withScaleByLogit(logitScale);
    }

    private ImageReference imageReference(ClipModel clip) {
        if (referenceImage != null) {
            return new ImageReference.Given(clip.preprocess(referenceImage).pixels(), referenceImage.toString());
        }
        return switch (imageReference) {
            case mean -> new ImageReference.MeanColour();
            case blur -> new ImageReference.Blurred(blurSigma == null ? clip.config().vision().patchSize() : blurSigma);
            case constant -> {
                if (referenceColour.length != 3) {
                    throw new IllegalArgumentException("--reference-colour needs three values R,G,B");
                }
                for (int component : referenceColour) {
                    if (component < 0 || component > 255) {
                        throw new IllegalArgumentException("--reference-colour components must be in 0..255");
                    }
                }
                yield new ImageReference.Constant(referenceColour[0] / 255f, referenceColour[1] / 255f, referenceColour[2] / 255f);
            }
        };
    }
}
