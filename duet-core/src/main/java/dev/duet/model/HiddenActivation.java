/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.model;

import dev.duet.tensor.Activation;

import java.util.Locale;

/** The {@code hidden_act} names of HuggingFace configs, mapped to the engine's activations. */
public final class HiddenActivation {

    private HiddenActivation() {
    }

    /** Returns null for a name that is not supported, so the caller can name the file. */
    public static Activation fromConfigName(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "quick_gelu" -> Activation.QUICK_GELU;
            case "gelu" -> Activation.GELU;
            case "gelu_new", "gelu_pytorch_tanh", "gelu_fast" -> Activation.GELU_TANH;
            case "relu" -> Activation.RELU;
            case "silu", "swish" -> Activation.SILU;
            default -> null;
        };
    }

    /** The {@code hidden_act} name transformers uses for {@code activation}. */
    public static String configName(Activation activation) {
        return switch (activation) {
            case QUICK_GELU -> "quick_gelu";
            case GELU -> "gelu";
            case GELU_TANH -> "gelu_pytorch_tanh";
            case RELU -> "relu";
            case SILU -> "silu";
        };
    }
}
