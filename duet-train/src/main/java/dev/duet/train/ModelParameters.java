/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.train;

import dev.duet.BadInputException;
import dev.duet.model.ClipCheckpoint;
import dev.duet.model.ClipConfig;
import dev.duet.model.ModelFamily;
import dev.duet.model.SiglipModel;
import dev.duet.model.SiglipTowers;
import dev.duet.model.TextWeights;
import dev.duet.model.VisionEncoder;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The trainable state of a dual encoder of either family: its own copy of every weight array
 * (updated in place by the optimiser), listed in one fixed order ({@link #tensors()}) that its
 * gradients ({@link #zeroGradients()}) repeat, and the towers' layers over those arrays, which
 * the tower trainers compose. What differs between the families is data: the text head's bias,
 * the image tower's readout, the logit bias and the loss over the pairs ({@link ContrastiveObjective}).
 */
public sealed interface ModelParameters permits ClipParameters, SiglipParameters {

    ClipConfig.Text textConfig();

    ClipConfig.Vision visionConfig();

    TextWeights text();

    /** The image tower's layers over these arrays (training them trains the parameters). */
    VisionEncoder visionEncoder();

    /** The embeddings' width, P. */
    int projectionDim();

    /** Blocks of a tower, for the freezing rules. */
    default int layers(ParameterTensor.Tower tower) {
        return switch (tower) {
            case TEXT -> textConfig().layers();
            case VISION -> visionConfig().layers();
            case SHARED -> 0;
        };
    }

    float logitScale();

    /** The largest logit scale a step may leave (CLIP clamps its temperature; SigLIP does not). */
    float maxLogitScale();

    /** Every array with its name and role, in the order its gradients' {@code tensors()} use. */
    List<ParameterTensor> tensors();

    /** Gradients of the same shapes, all zero. */
    ModelGradients zeroGradients();

    /** A deep copy. */
    ModelParameters copy();

    /**
     * Writes {@code config.json} and {@code model.safetensors} (F32, bit for bit) in the family's
     * layout, which its loader and transformers read; {@code metadata} goes into the weights' header.
     */
    void write(Path directory, Map<String, String> metadata) throws IOException;

    /** A copy of the weights of a checkpoint of either family ({@code config.json} and the weights only). */
    static ModelParameters load(Path directory) {
        return switch (ModelFamily.of(directory)) {
            case CLIP -> {
                ClipCheckpoint checkpoint = ClipCheckpoint.load(directory);
                yield ClipParameters.copyOf(checkpoint.config(), checkpoint.weights());
            }
            case SIGLIP -> SiglipParameters.copyOf(SiglipModel.config(directory), SiglipTowers.load(directory));
            case ALIGN, SENTENCE_BERT -> throw notTrainable(directory);
        };
    }

    /** The refusal of a checkpoint whose family Duet does not train: ALIGN or a sentence encoder. */
    static BadInputException notTrainable(Path directory) {
        String family = ModelFamily.of(directory) == ModelFamily.ALIGN ? "an ALIGN checkpoint"
                : "a sentence encoder (BERT, text-text)";
        return new BadInputException(directory, family + ": Duet trains and fine-tunes CLIP and SigLIP only");
    }
}
