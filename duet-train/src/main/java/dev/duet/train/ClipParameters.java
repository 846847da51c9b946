package dev.duet.train;

import dev.duet.model.ClipConfig;
import dev.duet.model.ClipWeights;
import dev.duet.model.TextWeights;
import dev.duet.model.VisionWeights;

import java.util.List;

/**
 * The trainable state of a CLIP dual encoder: its own copy of every weight array (updated in
 * place by the optimiser) and the logit scale, which {@link ClipWeights} holds as an immutable float.
 */
public final class ClipParameters {

    private final ClipConfig config;
    private final TextWeights text;
    private final VisionWeights vision;
    private final float[] logitScale;   // [1]: log of the multiplier of the cosines
    private final List<ParameterTensor> tensors;

    private ClipParameters(ClipConfig config, TextWeights text, VisionWeights vision, float logitScale) {
        this.config = config;
        this.text = text;
        this.vision = vision;
        this.logitScale = new float[] {logitScale};
        this.tensors = ParameterList.of(config, text, vision, this.logitScale);
    }

    /** A deep copy of {@code weights}, which are left untouched by training. */
    public static ClipParameters copyOf(ClipConfig config, ClipWeights weights) {
        return new ClipParameters(config, WeightArrays.copy(weights.text()), WeightArrays.copy(weights.vision()),
                weights.logitScale());
    }

    static ClipParameters zeros(ClipConfig config) {
        return new ClipParameters(config, WeightArrays.zeroText(config), WeightArrays.zeroVision(config), 0f);
    }

    public ClipParameters copy() {
        return copyOf(config, weights());
    }

    public ClipConfig config() {
        return config;
    }

    public TextWeights text() {
        return text;
    }

    public VisionWeights vision() {
        return vision;
    }

    public float logitScale() {
        return logitScale[0];
    }

    /** A view for the inference encoders and the checkpoint writer; it shares the arrays. */
    public ClipWeights weights() {
        return new ClipWeights(text, vision, logitScale[0]);
    }

    /** Every array with its name and role, in the order {@link ClipGradients#tensors()} uses. */
    public List<ParameterTensor> tensors() {
        return tensors;
    }
}
