/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.model;

import dev.duet.BadInputException;
import dev.duet.image.PreprocessorConfig;
import dev.duet.image.ResizeTarget;
import dev.duet.model.layer.ConvNorm;
import dev.duet.model.layer.EfficientNetStem;
import dev.duet.model.layer.MBConv;
import dev.duet.model.layer.SqueezeExcite;
import dev.duet.model.safetensors.TensorSource;
import dev.duet.tensor.Activation;
import dev.duet.tensor.BatchNorm;
import dev.duet.tensor.Convolution;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * transformers' ALIGN layout, the only class that knows its file and key names:
 * {@code config.json} ({@code model_type} align, {@code text_config} a BERT, {@code vision_config}
 * an EfficientNet, {@code projection_dim}), {@code model.safetensors} ({@code text_model.*} BERT,
 * {@code vision_model.embeddings.*} the stem, {@code vision_model.encoder.blocks.N.*} the blocks,
 * {@code text_projection}, {@code temperature}), {@code vocab.txt} and {@code tokenizer_config.json}
 * (BERT's WordPiece, {@link BertLayout}) and {@code preprocessor_config.json}
 * ({@code EfficientNetImageProcessor}). Absent config keys take transformers' defaults
 * ({@code AlignVisionConfig}'s are EfficientNet-B7's, as kakaobrain/align-base has them).
 */
final class AlignLayout {

    static final String CONFIG = "config.json";
    static final String WEIGHTS = "model.safetensors";
    static final String PREPROCESSOR = "preprocessor_config.json";
    private static final String PICKLE_CONVERSION = "from transformers import AlignModel; d = '%1$s'; "
            + "AlignModel.from_pretrained(d).save_pretrained(d)";
    private static final String TEXT_TYPE = "align_text_model";
    private static final String VISION_TYPE = "align_vision_model";
    /** Keys of CLIP's and SigLIP's configs that ALIGN's has no counterpart of. */
    private static final List<String> FOREIGN_KEYS = List.of("logit_scale_init_value");
    /** A vision transformer's keys; AlignVisionConfig has none (its num_hidden_layers, 4 x the blocks, is kept apart). */
    private static final List<String> FOREIGN_VISION_KEYS = List.of("patch_size", "hidden_size", "num_attention_heads");
    private static final int MAX_STAGES = EfficientNetConfig.MAX_STAGES;
    /** AlignTextConfig's vocab_size default (bert-base-uncased's), which a saved config may leave out. */
    private static final int ALIGN_TEXT_VOCABULARY = 30522;

    private AlignLayout() {
    }

    static boolean isAlign(JsonConfig root) {
        return "align".equals(root.text("model_type", ""));
    }

    /**
     * Refuses a config.json that mixes ALIGN with another family: a tower whose own
     * {@code model_type} is not ALIGN's, CLIP's {@code logit_scale_init_value}, or a vision
     * transformer's keys in {@code vision_config}.
     */
    private static void refuseMixedFamilies(JsonConfig root) {
        for (String[] tower : new String[][] {{"text_config", TEXT_TYPE}, {"vision_config", VISION_TYPE}}) {
            String type = root.child(tower[0]).text("model_type", tower[1]);
            if (!type.equals(tower[1])) {
                throw new BadInputException(root.file(), "mixes ALIGN with another family: model_type 'align' with "
                        + tower[0] + ".model_type '" + type + "'");
            }
        }
        for (String key : FOREIGN_KEYS) {
            if (root.has(key)) {
                throw new BadInputException(root.file(), "mixes ALIGN and CLIP keys: model_type 'align' with '" + key + "'");
            }
        }
        JsonConfig vision = root.child("vision_config");
        for (String key : FOREIGN_VISION_KEYS) {
            if (vision.has(key)) {
                throw new BadInputException(root.file(), "mixes ALIGN and CLIP keys: an EfficientNet vision_config with "
                        + "a vision transformer's '" + key + "'");
            }
        }
    }

    /** The model's shape from {@code file}, its image tower taking images of {@code imageSize} (the preprocessing's). */
    static AlignConfig readConfig(Path file, int imageSize) {
        JsonConfig root = CheckpointFiles.readJson(file);
        if (!isAlign(root)) {
            throw new BadInputException(file, "model_type is '" + root.text("model_type", "") + "', not align");
        }
        refuseMixedFamilies(root);
        JsonConfig vision = root.child("vision_config");
        if (vision.integer("num_channels", 3) != 3) {
            throw new BadInputException(file, "vision_config.num_channels " + vision.integer("num_channels", 3)
                    + ": Duet's images have 3 channels");
        }
        Activation activation = vision.activation("hidden_act", "swish");
        if (activation != Activation.SILU) {
            throw new BadInputException(file, "vision_config.hidden_act '" + vision.text("hidden_act", "swish")
                    + "' is not supported (swish, silu)");
        }
        String pooling = vision.text("pooling_type", "mean");
        if (!pooling.equals("mean")) {
            throw new BadInputException(file, "vision_config.pooling_type '" + pooling + "' is not supported (mean)");
        }
        BertConfig text = BertLayout.bertConfig(root.child("text_config"), ALIGN_TEXT_VOCABULARY);
        try {
            EfficientNetConfig efficientNet = new EfficientNetConfig(imageSize,
                    decimal(vision, "width_coefficient", 2.0), decimal(vision, "depth_coefficient", 3.1),
                    vision.integer("depth_divisor", 8),
                    list(vision, "kernel_sizes", 3, 3, 5, 3, 5, 5, 3),
                    list(vision, "in_channels", 32, 16, 24, 40, 80, 112, 192),
                    list(vision, "out_channels", 16, 24, 40, 80, 112, 192, 320),
                    list(vision, "strides", 1, 2, 2, 2, 1, 2, 1),
                    list(vision, "num_block_repeats", 1, 2, 2, 3, 3, 4, 1),
                    list(vision, "expand_ratios", 1, 6, 6, 6, 6, 6, 6),
                    list(vision, "depthwise_padding"),
                    decimal(vision, "squeeze_expansion_ratio", 0.25), vision.integer("hidden_dim", 2560),
                    vision.number("batch_norm_eps", 1e-3f));
            return new AlignConfig(text, efficientNet, root.integer("projection_dim", 640));
        } catch (IllegalArgumentException e) {
            throw CheckpointFiles.configProblem(file, e);
        }
    }

    private static double decimal(JsonConfig json, String key, double fallback) {
        return json.has(key) ? json.decimal(key) : fallback;
    }

    private static int[] list(JsonConfig json, String key, int... fallback) {
        return json.has(key) ? json.integers(key, MAX_STAGES * 64) : fallback;
    }

    /**
     * Both towers and the temperature from the directory's weights, every shape checked against
     * {@code config}; {@code padId} is the tokenizer's {@code [PAD]}.
     */
    record Towers(AlignTextEncoder text, EfficientNetEncoder vision, float temperature) {
    }

    static Towers readTowers(Path directory, AlignConfig config, int padId) {
        try (TensorSource file = CheckpointFiles.openWeights(directory, WEIGHTS, HuggingFaceLayout.PICKLED_WEIGHTS,
                PICKLE_CONVERSION)) {
            WeightReader reader = new WeightReader(file);
            BertTextEncoder bert = BertLayout.readTower(reader, "text_model.", config.text());
            int p = config.projectionDim();
            AlignTextEncoder text = new AlignTextEncoder(bert, reader.read("text_projection.weight", p,
                    config.text().width()), reader.read("text_projection.bias", p), p, padId);
            float temperature = reader.readScalar("temperature");
            if (!(temperature > 0) || !Float.isFinite(temperature)) {
                throw new BadInputException(file.path(), "temperature " + temperature + " must be positive: ALIGN "
                        + "divides the cosine by it");
            }
            return new Towers(text, readVision(reader, config.vision()), temperature);
        }
    }

    private static EfficientNetEncoder readVision(WeightReader reader, EfficientNetConfig config) {
        float eps = config.batchNormEps();
        int stemChannels = config.stemChannels();
        EfficientNetStem stem = new EfficientNetStem(convNorm(reader, "vision_model.embeddings.convolution",
                "vision_model.embeddings.batchnorm", 3, stemChannels, 3, 2, EfficientNetConfig.STEM_PADDING, eps),
                config.imageSize());
        List<MBConv> blocks = new ArrayList<>();
        List<EfficientNetConfig.Block> shapes = config.blocks();
        for (int i = 0; i < shapes.size(); i++) {
            EfficientNetConfig.Block shape = shapes.get(i);
            String b = "vision_model.encoder.blocks." + i + ".";
            int inner = shape.inner();
            ConvNorm expand = shape.expandRatio() == 1 ? null : convNorm(reader, b + "expansion.expand_conv",
                    b + "expansion.expand_bn", shape.inChannels(), inner, 1, 1, Convolution.Padding.uniform(0), eps);
            String d = b + "depthwise_conv.";
            ConvNorm depthwise = ConvNorm.depthwise(reader.read(d + "depthwise_conv.weight", inner, 1,
                    shape.kernel(), shape.kernel()), inner, shape.kernel(), shape.stride(), shape.padding(),
                    batchNorm(reader, d + "depthwise_norm", inner, eps));
            String s = b + "squeeze_excite.";
            int squeezed = shape.squeezed();
            SqueezeExcite excite = new SqueezeExcite(reader.read(s + "reduce.weight", squeezed, inner, 1, 1),
                    reader.read(s + "reduce.bias", squeezed), reader.read(s + "expand.weight", inner, squeezed, 1, 1),
                    reader.read(s + "expand.bias", inner), inner, squeezed);
            ConvNorm project = convNorm(reader, b + "projection.project_conv", b + "projection.project_bn", inner,
                    shape.outChannels(), 1, 1, Convolution.Padding.uniform(0), eps);
            blocks.add(new MBConv(expand, depthwise, excite, project, shape.residual()));
        }
        return new EfficientNetEncoder(config, stem, blocks);
    }

    private static ConvNorm convNorm(WeightReader reader, String conv, String norm, int in, int out, int kernel,
                                     int stride, Convolution.Padding padding, float eps) {
        return new ConvNorm(reader.read(conv + ".weight", out, in, kernel, kernel), in, out, kernel, stride, padding,
                batchNorm(reader, norm, out, eps));
    }

    private static BatchNorm batchNorm(WeightReader reader, String norm, int channels, float eps) {
        return BatchNorm.of(reader.read(norm + ".weight", channels), reader.read(norm + ".bias", channels),
                reader.read(norm + ".running_mean", channels), reader.read(norm + ".running_var", channels), eps);
    }

    /**
     * {@code preprocessor_config.json} as transformers' {@code EfficientNetImageProcessor} reads
     * it: resize to height x width, optional centre crop, rescale {@code x * rescale_factor}, minus 1
     * with {@code rescale_offset}, optional normalisation, and with {@code include_top} a second
     * division by {@code image_std}. Its keys whose defaults differ from CLIP's processor are
     * required. Offset, normalisation and top are one affine map per channel, which the shared
     * preprocessing applies as its mean and std where that gives the same float32 values:
     * {@code (x - 1) / 1} for ALIGN's offset, {@code (x - 0) / std} for the top alone.
     */
    static PreprocessorConfig readPreprocessor(Path directory) {
        Path file = directory.resolve(PREPROCESSOR);
        if (!java.nio.file.Files.exists(file)) {
            throw new BadInputException(file, "file not found: an ALIGN checkpoint's EfficientNetImageProcessor "
                    + "settings are needed to preprocess its images");
        }
        JsonConfig json = CheckpointFiles.readJson(file);
        for (String key : List.of("size", "resample", "do_center_crop", "rescale_factor", "rescale_offset",
                "do_normalize", "include_top")) {
            if (!json.has(key)) {
                throw new BadInputException(file, "missing '" + key + "' (EfficientNetImageProcessor's default "
                        + "differs from CLIP's; transformers writes every key)");
            }
        }
        boolean offset = json.bool("rescale_offset", false);
        boolean normalize = json.bool("do_normalize", true);
        boolean top = json.bool("include_top", true);
        PreprocessorConfig base = PreprocessorConfig.load(file);
        if (base.doCenterCrop() && !json.has("crop_size")) {
            throw new BadInputException(file, "missing 'crop_size' (do_center_crop is true)");
        }
        if (!base.doResize() && !base.doCenterCrop()) {
            throw new BadInputException(file, "neither do_resize nor do_center_crop: the image tower needs one size");
        }
        if (!(base.resize() instanceof ResizeTarget.Exact resize)) {
            throw new BadInputException(file, "size must give height and width (EfficientNetImageProcessor's resize)");
        }
        int width = base.doCenterCrop() ? base.cropWidth() : resize.width();
        int height = base.doCenterCrop() ? base.cropHeight() : resize.height();
        if (width != height) {
            throw new BadInputException(file, "model input " + width + "x" + height + " is not square");
        }
        float[] ones = {1f, 1f, 1f};
        float[] zeros = {0f, 0f, 0f};
        if (!base.doRescale() || !offset) {
            if (!top) {
                return base;
            }
            if (normalize) {
                throw new BadInputException(file, "do_normalize with include_top (two normalisations) is not supported");
            }
            return with(base, true, zeros, base.imageStd());
        }
        if (normalize || top) {
            throw new BadInputException(file, "rescale_offset with do_normalize or include_top is not supported "
                    + "(ALIGN's processor has neither)");
        }
        return with(base, true, ones, ones);
    }

    /** Side of the square image the preprocessing gives the tower: the crop, or the resize without one. */
    static int modelInput(PreprocessorConfig config) {
        return config.doCenterCrop() ? config.cropWidth() : ((ResizeTarget.Exact) config.resize()).width();
    }

    private static PreprocessorConfig with(PreprocessorConfig base, boolean normalize, float[] mean, float[] std) {
        return new PreprocessorConfig(base.doResize(), base.resize(), base.resample(), base.doCenterCrop(),
                base.cropWidth(), base.cropHeight(), base.doRescale(), base.rescaleFactor(), normalize, mean, std,
                base.doConvertRgb());
    }
}
