/*
 * Copyright 2026 the Duet authors
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.duet.model;

import dev.duet.model.layer.AttentionPool;
import dev.duet.model.layer.BlockWeights;
import dev.duet.model.layer.Bottleneck;
import dev.duet.model.layer.ConvNorm;
import dev.duet.model.layer.ResNetStem;
import dev.duet.model.safetensors.TensorSource;
import dev.duet.tensor.Activation;
import dev.duet.tensor.BatchNorm;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The OpenAI / open_clip checkpoint layout: {@code open_clip_config.json} and
 * {@code open_clip_model.safetensors} with fused {@code in_proj_weight}, {@code ln_1/ln_2},
 * {@code c_fc/c_proj}, and {@code proj} / {@code text_projection} stored transposed ([in][out]).
 * The only class that knows those names.
 */
final class OpenClipLayout {

    static final String CONFIG = "open_clip_config.json";
    static final String WEIGHTS = "open_clip_model.safetensors";
    /** open_clip's pickled weights, which Duet refuses to unpickle. */
    static final List<String> PICKLED_WEIGHTS = List.of("open_clip_pytorch_model.bin");
    /** A Python line that rewrites them as safetensors in the folder %s (tensors cloned: safetensors refuses shared ones). */
    static final String PICKLE_CONVERSION = "import torch; from safetensors.torch import save_file; d = '%1$s'; "
            + "save_file({k: v.clone().contiguous() for k, v in torch.load(d + '/open_clip_pytorch_model.bin', weights_only=True).items()}, "
            + "d + '/open_clip_model.safetensors')";

    private OpenClipLayout() {
    }

    /** Parses {@code model_cfg} with open_clip's defaults for absent keys; open_clip pools text at argmax(ids). */
    static ClipConfig readConfig(Path file) {
        JsonConfig root = CheckpointFiles.readJson(file);
        JsonConfig model = root.has("model_cfg") ? root.child("model_cfg") : root;
        JsonConfig text = model.child("text_cfg");
        JsonConfig vision = model.child("vision_cfg");
        Activation activation = model.bool("quick_gelu", false) ? Activation.QUICK_GELU : Activation.GELU;
        try {
            int textWidth = text.integer("width", 512);
            int visionWidth = vision.integer("width", 768);
            int visionHeadWidth = vision.integer("head_width", 64);
            ClipConfig.Text textConfig = new ClipConfig.Text(textWidth,
                    Math.round(textWidth * text.number("mlp_ratio", 4f)), text.integer("heads", 8),
                    text.integer("layers", 12), text.integer("context_length", 77), text.integer("vocab_size", 49408),
                    activation, 1e-5f, 49406, 49407, ClipConfig.TextPooling.ARGMAX_ID);
            int embedDim = model.integer("embed_dim", 512);
            if (vision.isList("layers")) {
                // ModifiedResNet: stem width W, heads = 32 W / head_width
                int width = vision.integer("width", 64);
                if (visionHeadWidth <= 0) {
                    throw new IllegalArgumentException("head_width must be positive, got " + visionHeadWidth);
                }
                ResNetConfig resnet = new ResNetConfig(vision.integers("layers", 16), width, 32 * width / visionHeadWidth,
                        vision.integer("image_size", 224), embedDim);
                return new ClipConfig(textConfig, resnet, embedDim, 2.6592f);
            }
            if (visionHeadWidth <= 0 || visionWidth % visionHeadWidth != 0) {
                throw new IllegalArgumentException("vision width " + visionWidth + " is not a multiple of head_width " + visionHeadWidth);
            }
            ClipConfig.Vision visionConfig = new ClipConfig.Vision(visionWidth,
                    Math.round(visionWidth * vision.number("mlp_ratio", 4f)), visionWidth / visionHeadWidth,
                    vision.integer("layers", 12), vision.integer("image_size", 224), vision.integer("patch_size", 16),
                    3, activation, 1e-5f);
            return new ClipConfig(textConfig, visionConfig, embedDim, 2.6592f);
        } catch (IllegalArgumentException e) {
            throw CheckpointFiles.configProblem(file, e);
        }
    }

    static ClipWeights readWeights(TensorSource file, ClipConfig config) {
        WeightReader reader = new WeightReader(file);
        ClipConfig.Text text = config.text();
        int projection = config.projectionDim();
        TextWeights textWeights = new TextWeights(
                reader.read("token_embedding.weight", text.vocabSize(), text.width()),
                reader.read("positional_embedding", text.contextLength(), text.width()),
                blocks(reader, "transformer.resblocks.", text.layers(), text.width(), text.intermediate()),
                reader.read("ln_final.weight", text.width()),
                reader.read("ln_final.bias", text.width()),
                WeightReader.transpose(reader.read("text_projection", text.width(), projection), text.width(), projection));
        float logitScale = file.contains("logit_scale") ? reader.readScalar("logit_scale") : config.logitScaleInit();
        if (config.image() instanceof ResNetConfig resnet) {
            return new ClipWeights(textWeights, readResNet(file, resnet), logitScale);
        }
        ClipConfig.Vision vision = config.vision();
        int patch = vision.patchSize();
        VisionWeights visionWeights = new VisionWeights(
                reader.read("visual.conv1.weight", vision.width(), vision.channels(), patch, patch),
                reader.read("visual.class_embedding", vision.width()),
                reader.read("visual.positional_embedding", vision.rows(), vision.width()),
                reader.read("visual.ln_pre.weight", vision.width()),
                reader.read("visual.ln_pre.bias", vision.width()),
                blocks(reader, "visual.transformer.resblocks.", vision.layers(), vision.width(), vision.intermediate()),
                reader.read("visual.ln_post.weight", vision.width()),
                reader.read("visual.ln_post.bias", vision.width()),
                WeightReader.transpose(reader.read("visual.proj", vision.width(), projection), vision.width(), projection));
        return new ClipWeights(textWeights, visionWeights, logitScale);
    }

    /**
     * The ResNet image tower ({@code ModifiedResNet}) under {@code visual.}: stem {@code conv1..3}
     * and {@code bn1..3}, {@code layer1..4.<i>} bottlenecks ({@code conv1..3}, {@code bn1..3},
     * {@code downsample.0} convolution and {@code downsample.1} batch norm), {@code attnpool} with
     * separate {@code q_proj}, {@code k_proj}, {@code v_proj} (fused here) and {@code c_proj}.
     */
    static ResNetWeights readResNet(TensorSource file, ResNetConfig config) {
        WeightReader reader = new WeightReader(file);
        int w = config.width();
        ResNetStem stem = new ResNetStem(convNorm(reader, "visual.conv1", "visual.bn1", 3, w / 2, 3, 2, 1),
                convNorm(reader, "visual.conv2", "visual.bn2", w / 2, w / 2, 3, 1, 1),
                convNorm(reader, "visual.conv3", "visual.bn3", w / 2, w, 3, 1, 1), config.imageSize());
        List<Bottleneck> blocks = new ArrayList<>();
        int in = w;
        for (int stage = 0; stage < 4; stage++) {
            int planes = w << stage;
            for (int b = 0; b < config.layers()[stage]; b++) {
                String prefix = "visual.layer" + (stage + 1) + "." + b + ".";
                int stride = stage > 0 && b == 0 ? 2 : 1;
                ConvNorm shortcut = stride > 1 || in != 4 * planes
                        ? convNorm(reader, prefix + "downsample.0", prefix + "downsample.1", in, 4 * planes, 1, 1, 0)
                        : null;
                blocks.add(new Bottleneck(convNorm(reader, prefix + "conv1", prefix + "bn1", in, planes, 1, 1, 0),
                        convNorm(reader, prefix + "conv2", prefix + "bn2", planes, planes, 3, 1, 1),
                        convNorm(reader, prefix + "conv3", prefix + "bn3", planes, 4 * planes, 1, 1, 0), shortcut, stride));
                in = 4 * planes;
            }
        }
        int c = config.featureWidth();
        int side = config.mapSize(4);
        AttentionPool pool = new AttentionPool(
                reader.read("visual.attnpool.positional_embedding", side * side + 1, c),
                reader.readStacked(List.of("visual.attnpool.q_proj.weight", "visual.attnpool.k_proj.weight",
                        "visual.attnpool.v_proj.weight"), c, c),
                reader.readStacked(List.of("visual.attnpool.q_proj.bias", "visual.attnpool.k_proj.bias",
                        "visual.attnpool.v_proj.bias"), c),
                reader.read("visual.attnpool.c_proj.weight", config.outputDim(), c),
                reader.read("visual.attnpool.c_proj.bias", config.outputDim()), c, config.heads(), config.outputDim());
        return new ResNetWeights(stem, blocks, pool);
    }

    /** A bias-free convolution and the batch norm after it (PyTorch's default eps). */
    private static ConvNorm convNorm(WeightReader reader, String conv, String norm, int in, int out, int kernel,
                                     int stride, int padding) {
        BatchNorm batchNorm = BatchNorm.of(reader.read(norm + ".weight", out), reader.read(norm + ".bias", out),
                reader.read(norm + ".running_mean", out), reader.read(norm + ".running_var", out), 1e-5f);
        return new ConvNorm(reader.read(conv + ".weight", out, in, kernel, kernel), in, out, kernel, stride, padding,
                batchNorm);
    }

    /** Per-block tensor names; Q, K and V come fused as {@code attn.in_proj}. */
    private static final BlockKeys BLOCK_KEYS = new BlockKeys("ln_1", "ln_2", List.of("attn.in_proj"), "attn.out_proj",
            "mlp.c_fc", "mlp.c_proj");

    private static List<BlockWeights> blocks(WeightReader reader, String prefix, int layers, int width, int intermediate) {
        return BLOCK_KEYS.read(reader, prefix, layers, width, intermediate);
    }
}
