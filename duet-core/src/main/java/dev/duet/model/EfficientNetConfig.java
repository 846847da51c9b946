/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.model;

import dev.duet.tensor.Convolution;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An EfficientNet image tower's shape as transformers' {@code AlignVisionConfig} gives it, and
 * the blocks it implies. Widths are {@code round_filters}: {@code c * widthCoefficient} rounded to
 * a multiple of {@code depthDivisor} (half up, at least one divisor, one more when rounding lost
 * over 10%); stage s repeats its block {@code ceil(depthCoefficient * repeats[s])} times, the first
 * with the stage's stride and input width, the others with stride 1 and a residual sum. The
 * depthwise convolutions pad as transformers does ({@link #depthwisePadding}). {@code imageSize}
 * is the side the image preprocessing gives (the network is fully convolutional; ALIGN's config
 * says 600 where its processor crops 289). Validated when built.
 */
public record EfficientNetConfig(int imageSize, double widthCoefficient, double depthCoefficient, int depthDivisor,
                                 int[] kernelSizes, int[] inChannels, int[] outChannels, int[] strides,
                                 int[] repeats, int[] expandRatios, int[] depthwisePaddingBlocks,
                                 double squeezeRatio, int hiddenDim, float batchNormEps) {

    static final int MAX_STAGES = 64;
    static final int MAX_WIDTH = 1 << 16;

    /** One MBConv block's shape. */
    public record Block(int inChannels, int outChannels, int expandRatio, int kernel, int stride,
                        Convolution.Padding padding, int squeezed, boolean residual) {

        /** Channels of the depthwise convolution: the input width times the expansion ratio. */
        public int inner() {
            return inChannels * expandRatio;
        }
    }

    public EfficientNetConfig(int imageSize, double widthCoefficient, double depthCoefficient, int depthDivisor,
                              int[] kernelSizes, int[] inChannels, int[] outChannels, int[] strides, int[] repeats,
                              int[] expandRatios, int[] depthwisePaddingBlocks, double squeezeRatio, int hiddenDim,
                              float batchNormEps) {
        int stages = kernelSizes.length;
        require(stages >= 1 && stages <= MAX_STAGES, "kernel_sizes must list 1 to " + MAX_STAGES + " stages");
        for (int[] list : new int[][] {inChannels, outChannels, strides, repeats, expandRatios}) {
            require(list.length == stages, "kernel_sizes, in_channels, out_channels, strides, num_block_repeats and "
                    + "expand_ratios must have one entry per stage (" + stages + ")");
        }
        require(imageSize >= 2 && imageSize <= 16_384, "image size " + imageSize + " is outside [2, 16384]");
        require(widthCoefficient > 0 && widthCoefficient <= 64, "width_coefficient " + widthCoefficient
                + " is outside (0, 64]");
        require(depthCoefficient > 0 && depthCoefficient <= 64, "depth_coefficient " + depthCoefficient
                + " is outside (0, 64]");
        require(depthDivisor >= 1 && depthDivisor <= 1024, "depth_divisor " + depthDivisor + " is outside [1, 1024]");
        require(squeezeRatio > 0 && squeezeRatio <= 1, "squeeze_expansion_ratio " + squeezeRatio + " is outside (0, 1]");
        require(hiddenDim >= 1, "hidden_dim " + hiddenDim + " must be positive");
        require(batchNormEps > 0 && Float.isFinite(batchNormEps), "batch_norm_eps " + batchNormEps + " must be positive");
        for (int s = 0; s < stages; s++) {
            require(strides[s] == 1 || strides[s] == 2, "strides[" + s + "] = " + strides[s]
                    + ": transformers' EfficientNet pads strides 1 and 2 only");
            require(kernelSizes[s] >= 1 && kernelSizes[s] <= 31 && (strides[s] == 1 || kernelSizes[s] >= 2),
                    "kernel_sizes[" + s + "] = " + kernelSizes[s] + " is outside [1, 31] (at least 2 at stride 2)");
            require(inChannels[s] >= 1 && inChannels[s] <= MAX_WIDTH && outChannels[s] >= 1
                    && outChannels[s] <= MAX_WIDTH, "channels of stage " + s + " are outside [1, " + MAX_WIDTH + "]");
            require(repeats[s] >= 1 && repeats[s] <= 1024, "num_block_repeats[" + s + "] = " + repeats[s]
                    + " is outside [1, 1024]");
            require(expandRatios[s] >= 1 && expandRatios[s] <= 64, "expand_ratios[" + s + "] = " + expandRatios[s]
                    + " is outside [1, 64]");
        }
        this.imageSize = imageSize;
        this.widthCoefficient = widthCoefficient;
        this.depthCoefficient = depthCoefficient;
        this.depthDivisor = depthDivisor;
        this.kernelSizes = kernelSizes.clone();
        this.inChannels = inChannels.clone();
        this.outChannels = outChannels.clone();
        this.strides = strides.clone();
        this.repeats = repeats.clone();
        this.expandRatios = expandRatios.clone();
        this.depthwisePaddingBlocks = depthwisePaddingBlocks.clone();
        this.squeezeRatio = squeezeRatio;
        this.hiddenDim = hiddenDim;
        this.batchNormEps = batchNormEps;
        // every map must keep at least one position down to the last stage
        require(imageSize >= 3, "image size " + imageSize + " is smaller than the stem's kernel");
        int side = stemOutSize(imageSize);
        for (Block block : blocks(this)) {
            require(side + block.padding().top() + block.padding().bottom() >= block.kernel(), "a "
                    + side + "-wide map is too small for the " + block.kernel() + "x" + block.kernel()
                    + " depthwise convolution of image size " + imageSize);
            side = depthwiseShape(block, side).outHeight();
        }
        require(side <= hiddenDim, "the last map is " + side + " positions wide, more than hidden_dim " + hiddenDim
                + ": ALIGN's AvgPool2d(hidden_dim) would not pool it to one vector");
    }

    /** {@code round_filters}: a width scaled by the width coefficient, rounded to the divisor. */
    public int roundFilters(int channels) {
        double scaled = channels * widthCoefficient;
        int rounded = Math.max(depthDivisor, (int) (scaled + depthDivisor / 2.0) / depthDivisor * depthDivisor);
        if (rounded < 0.9 * scaled) {
            rounded += depthDivisor;
        }
        return rounded;
    }

    /** The stem's width: {@code round_filters(32)}. */
    public int stemChannels() {
        return roundFilters(32);
    }

    /** Blocks of stage s: {@code ceil(depthCoefficient * repeats[s])}. */
    public int blocksOfStage(int stage) {
        return (int) Math.ceil(depthCoefficient * repeats[stage]);
    }

    public int stages() {
        return kernelSizes.length;
    }

    /** Every block, stage after stage. */
    public List<Block> blocks() {
        return blocks(this);
    }

    private static List<Block> blocks(EfficientNetConfig config) {
        List<Block> blocks = new ArrayList<>();
        for (int s = 0; s < config.stages(); s++) {
            int in = config.roundFilters(config.inChannels[s]);
            int out = config.roundFilters(config.outChannels[s]);
            for (int j = 0; j < config.blocksOfStage(s); j++) {
                int number = blocks.size();
                int stride = j == 0 ? config.strides[s] : 1;
                int blockIn = j == 0 ? in : out;
                boolean adjust = Arrays.stream(config.depthwisePaddingBlocks).noneMatch(b -> b == number);
                blocks.add(new Block(blockIn, out, config.expandRatios[s], config.kernelSizes[s], stride,
                        depthwisePadding(config.kernelSizes[s], stride, adjust),
                        Math.max(1, (int) (blockIn * config.squeezeRatio)), j > 0));
            }
        }
        return blocks;
    }

    /**
     * transformers' depthwise padding: at stride 1 PyTorch's "same" ({@code (k-1)/2} before,
     * the rest after); at stride 2 zeros then a "valid" convolution, {@code k/2 - 1} before and
     * {@code k/2} after ({@code correct_pad} with adjust), or {@code k/2} on every side for the
     * blocks listed in {@code depthwise_padding}.
     */
    static Convolution.Padding depthwisePadding(int kernel, int stride, boolean adjust) {
        if (stride == 1) {
            int before = (kernel - 1) / 2;
            int after = kernel - 1 - before;
            return new Convolution.Padding(before, before, after, after);
        }
        int half = kernel / 2;
        return adjust ? new Convolution.Padding(half - 1, half - 1, half, half) : Convolution.Padding.uniform(half);
    }

    /** The stem's padding: one row and one column of zeros at the bottom and right, then a "valid" 3x3 of stride 2. */
    static final Convolution.Padding STEM_PADDING = new Convolution.Padding(0, 0, 1, 1);

    static int stemOutSize(int imageSize) {
        return (imageSize + 1 - 3) / 2 + 1;
    }

    private static Convolution.Shape depthwiseShape(Block block, int side) {
        return new Convolution.Shape(side, side, block.inner(), block.inner(), block.kernel(), block.stride(),
                block.padding());
    }

    /** Index of the first block of stage {@code stage} (stages() for the end). */
    public int firstBlock(int stage) {
        int first = 0;
        for (int s = 0; s < stage; s++) {
            first += blocksOfStage(s);
        }
        return first;
    }

    /** Side of the map after stage {@code stage} (0 = the stem, 1..stages() = stage outputs). */
    public int mapSize(int stage) {
        int side = stemOutSize(imageSize);
        List<Block> blocks = blocks();
        for (int b = 0; b < firstBlock(stage); b++) {
            side = depthwiseShape(blocks.get(b), side).outHeight();
        }
        return side;
    }

    /** Channels of the map after stage {@code stage} (0 = the stem). */
    public int channels(int stage) {
        return stage == 0 ? stemChannels() : roundFilters(outChannels[stage - 1]);
    }

    /** Width of the image embedding: the last stage's channels. */
    public int embeddingDim() {
        return channels(stages());
    }

    private static void require(boolean condition, String problem) {
        if (!condition) {
            throw new IllegalArgumentException(problem);
        }
    }
}
