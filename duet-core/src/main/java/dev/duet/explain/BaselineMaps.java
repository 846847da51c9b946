/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.explain;

import dev.duet.BadInputException;
import dev.duet.model.ImageTower;
import dev.duet.model.VisionEncoder;
import dev.duet.model.layer.ProjectionHead;
import dev.duet.tensor.Parallel;

/**
 * The baselines a grounding evaluation sets the second-order maps against, each a map over the
 * image's patches [N] for a phrase given by its own text embedding e [P] (raw; normalised here):
 * <ul>
 * <li>{@link Image#gradientTimesInput}: first order. The gradient of the cosine
 * {@code s = <z/|z|, e/|e|>} by the image state y [R][D] at the cut (the same layer as the
 * second-order maps), times y, summed over each patch row: {@code m_j = sum_d (ds/dy)[j][d] y[j][d]}.
 * The gradient is one cotangent pulled back through the tower above the cut,
 * {@code ds/dz = (e/|e| - s z/|z|) / |z|}.</li>
 * <li>{@link Image#dense}: each patch's final state through the tower's own head (LayerNorm and
 * projection), as MaskCLIP reads patch embeddings, and its cosine with e.</li>
 * </ul>
 */
public final class BaselineMaps {

    private final ImageTower vision;
    private final int layer;
    private final Parallel parallel;

    /** Baselines of {@code vision} with the gradient taken at the state entering block {@code layer}. */
    public BaselineMaps(ImageTower vision, int layer, Parallel parallel) {
        this.vision = vision;
        this.layer = layer;
        this.parallel = parallel;
    }

    /** The baselines of one image: its states are computed once and serve every phrase. */
    public Image of(float[] pixels) {
        return new Image(pixels);
    }

    /** One image's baselines; not thread-safe. */
    public final class Image {

        private final float[] pixels;
        private float[] state;                // [R][D] entering block `layer`
        private TowerSlice slice;
        private TowerSlice.Primal primal;
        private float[] patchEmbeddings;      // [N][P]

        private Image(float[] pixels) {
            this.pixels = pixels;
        }

        /** Gradient x input of each patch row (a class row left out), [N]. */
        public float[] gradientTimesInput(float[] textEmbedding) {
            if (primal == null) {
                slice = TowerSlice.image(vision, layer);
                state = vision.hiddenState(parallel, pixels, layer);
                primal = slice.forward(parallel, state);
            }
            float[] z = primal.embedding();
            double zNorm = Vectors.norm(z);
            double eNorm = Vectors.norm(textEmbedding);
            double cosine = 0;
            for (int p = 0; p < z.length; p++) {
                cosine += z[p] / zNorm * textEmbedding[p] / eNorm;
            }
            float[] dz = new float[z.length];
            for (int p = 0; p < z.length; p++) {
                dz[p] = (float) ((textEmbedding[p] / eNorm - cosine * z[p] / zNorm) / zNorm);
            }
            float[] gradient = slice.cotangents(parallel, primal, dz, 1);   // [R][D]
            int width = slice.width();
            int first = vision.cut(layer).classRow() ? 1 : 0;
            float[] map = new float[slice.rows() - first];
            for (int j = 0; j < map.length; j++) {
                double sum = 0;
                int row = (first + j) * width;
                for (int d = 0; d < width; d++) {
                    sum += (double) gradient[row + d] * state[row + d];
                }
                map[j] = (float) sum;
            }
            return map;
        }

        /** Cosine of each patch's final state, through the head, with the text embedding, [N]. */
        public float[] dense(float[] textEmbedding) {
            if (!(vision instanceof VisionEncoder transformer)) {
                throw new BadInputException(null, "dense patch maps read a vision transformer's patch rows through its head;"
                        + " this model's image tower is a ResNet");
            }
            int patches = transformer.config().rows() - 1;
            ProjectionHead head = transformer.head();
            if (patchEmbeddings == null) {
                int width = transformer.config().width();
                float[] last = transformer.hiddenState(parallel, pixels, transformer.blocks().size());
                patchEmbeddings = head.forward(parallel, java.util.Arrays.copyOfRange(last, width, (1 + patches) * width),
                        patches).embeddings();
            }
            int dim = head.projectionDim();
            double eNorm = Vectors.norm(textEmbedding);
            float[] map = new float[patches];
            for (int j = 0; j < patches; j++) {
                double dot = 0;
                double norm = 0;
                for (int p = 0; p < dim; p++) {
                    float value = patchEmbeddings[j * dim + p];
                    dot += value * (double) textEmbedding[p];
                    norm += value * (double) value;
                }
                map[j] = (float) (dot / (Math.sqrt(norm) * eNorm));
            }
            return map;
        }
    }
}
