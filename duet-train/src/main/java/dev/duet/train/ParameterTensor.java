/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.train;

/**
 * One named parameter (or gradient) array of a dual encoder (CLIP or SigLIP), with what the optimiser and the
 * freezing rules need to know about it.
 *
 * @param name HF-style key; the fused Q/K/V projection is {@code self_attn.qkv_proj}
 * @param block the block index for {@link Section#BLOCK}, else -1
 */
public record ParameterTensor(String name, float[] values, long[] shape, Role role, Tower tower, Section section,
                              int block) {

    /** What a parameter does; only {@link #WEIGHT} is decayed by AdamW. */
    public enum Role {
        WEIGHT, BIAS, NORM_GAIN, NORM_BIAS, EMBEDDING, LOGIT_SCALE, LOGIT_BIAS;

        public boolean decays() {
            return this == WEIGHT;
        }
    }

    public enum Tower {
        TEXT, VISION, SHARED
    }

    /** Where in a tower the parameter sits, which decides whether a {@link TowerTraining} trains it. */
    public enum Section {
        /** below the first block (vision: including {@code pre_layrnorm}) */
        EMBEDDINGS,
        BLOCK,
        /** what reads the last block out: the final LayerNorm and the projection, or SigLIP's probe pooling */
        HEAD,
        /** the logit scale (and SigLIP's logit bias), shared by both towers */
        SCALE
    }

    public int size() {
        return values.length;
    }
}
