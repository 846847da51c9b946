# Copyright 2026 the Duet authors
# SPDX-License-Identifier: Apache-2.0
"""Reference outputs of ALIGN (EfficientNet image tower + BERT text tower), for Duet's ALIGN tests.

Written from reading transformers' modeling_align.py (AlignVisionEmbeddings, AlignVisionBlock and
its expansion, depthwise, squeeze-and-excite and final layers, AlignVisionEncoder, AlignVisionModel,
AlignModel) and image_processing_efficientnet.py (EfficientNetImageProcessor):
 - widths round_filters(c) = max(divisor, int(c * width + divisor / 2) // divisor * divisor), plus
   one divisor when that lost more than 10%; a stage's repeats ceil(depth * repeats);
 - stem: zeros on the right and bottom (one column, one row), 3x3 "valid" convolution of stride 2
   without bias, batch norm, SiLU;
 - block j of a stage (j = 0: the stage's stride and input width; j > 0: stride 1, the stage's
   output width): a 1x1 expansion (no bias) + BN + SiLU when expand_ratio != 1; a depthwise kxk
   convolution (no bias) + BN + SiLU, padded "same" (k // 2 on each side) at stride 1, and at
   stride 2 by explicit zeros then "valid": (k//2 - 1, k//2) top/left and bottom/right, or k//2
   on each side for the block numbers listed in depthwise_padding; squeeze-and-excite (mean over
   the map, 1x1 reduce to max(1, int(block input width * ratio)) with bias, SiLU, 1x1 expand with
   bias, sigmoid, times the map); 1x1 projection (no bias) + BN; the input added only for j > 0;
 - pooled image embedding: AvgPool2d(hidden_dim, ceil_mode=True) over the last map, which for a map
   no wider than hidden_dim is its mean; no projection;
 - text embedding: BERT (tools/references/bert.py's tower) last hidden state of [CLS] through
   text_projection (Linear with bias); logits = cos / temperature;
 - image preprocessing as EfficientNetImageProcessor with ALIGN's settings: RGB, PIL bilinear
   resize to size (height x width) on the 8-bit image, centre crop (top = (h - crop) // 2), then
   rescale x * rescale_factor - 1 (rescale_offset), no normalisation, include_top false.
Random weights and random BatchNorm running statistics of a small shape: width_coefficient 0.5,
depth_coefficient 1.2 (so repeats are rounded up), three stages (strides 1, 2, 2, kernels 3, 3,
5, expand ratios 1, 6, 6), block 5 in depthwise_padding, image 64 (resized to 72 then cropped).

Writes a whole checkpoint directory in transformers' layout: config.json (model_type align),
model.safetensors (AlignModel's state dict key names, float32), vocab.txt (bert.py's),
tokenizer_config.json, preprocessor_config.json and EXPECTED.json: for the captions, their ids
and text embeddings; for the images, their pixel tensors' SHA-256 and image embeddings, and for
the first image the map after the stem and after every block; the cosines and logits [caption][image].

Run: /usr/bin/python3 tools/references/align.py --checkpoint duet-core/src/test/resources/dev/duet/model/align-tiny
"""
import hashlib
import json
import math
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bert  # noqa: E402  (the BERT tower and its vocabulary)
import wordpiece  # noqa: E402  (the repository's reference tokenizer)
from siglip import write_safetensors  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

VISION = {
    "num_channels": 3, "image_size": 64, "width_coefficient": 0.5, "depth_coefficient": 1.2,
    "depth_divisor": 4, "kernel_sizes": [3, 3, 5], "in_channels": [32, 16, 24], "out_channels": [16, 24, 40],
    "depthwise_padding": [5], "strides": [1, 2, 2], "num_block_repeats": [1, 2, 2], "expand_ratios": [1, 6, 6],
    "squeeze_expansion_ratio": 0.25, "hidden_act": "swish", "hidden_dim": 64, "pooling_type": "mean",
    "initializer_range": 0.02, "batch_norm_eps": 0.001, "batch_norm_momentum": 0.99, "drop_connect_rate": 0.2,
}
RESIZE = 72
CROP = 64
RESCALE = 1 / 127.5
TEMPERATURE = 0.05
CONTEXT = 40
CAPTIONS = ["a red square right of a blue rectangle", "A photo of a cat.", "", "two dogs play in the park " * 6]
IMAGES = ["examples/blue-rectangle-red-square.png",
          "duet-server/src/main/resources/dev/duet/server/examples/red-circle-blue-square.png"]


def round_filters(channels):
    divisor = VISION["depth_divisor"]
    channels *= VISION["width_coefficient"]
    rounded = max(divisor, int(channels + divisor / 2) // divisor * divisor)
    if rounded < 0.9 * channels:
        rounded += divisor
    return int(rounded)


def repeats(n):
    return int(math.ceil(VISION["depth_coefficient"] * n))


def conv_bn(cin, cout, kernel, stride=1, groups=1):
    return nn.Conv2d(cin, cout, kernel, stride, 0, groups=groups, bias=False), \
        nn.BatchNorm2d(cout, eps=VISION["batch_norm_eps"])


class Stem(nn.Module):
    def __init__(self):
        super().__init__()
        self.convolution, self.batchnorm = conv_bn(3, round_filters(32), 3, 2)

    def forward(self, x):
        return F.silu(self.batchnorm(self.convolution(F.pad(x, (0, 1, 0, 1)))))


class Expansion(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.expand_conv, self.expand_bn = conv_bn(cin, cout, 1)

    def forward(self, x):
        return F.silu(self.expand_bn(self.expand_conv(x)))


class Depthwise(nn.Module):
    def __init__(self, channels, kernel, stride, adjust):
        super().__init__()
        self.depthwise_conv, self.depthwise_norm = conv_bn(channels, channels, kernel, stride, groups=channels)
        half = kernel // 2
        if stride == 2:
            # (left, right, top, bottom) zeros, then a valid convolution
            self.pad = (half - 1, half, half - 1, half) if adjust else (half, half, half, half)
        else:
            total = kernel - 1
            self.pad = (total // 2, total - total // 2, total // 2, total - total // 2)

    def forward(self, x):
        return F.silu(self.depthwise_norm(self.depthwise_conv(F.pad(x, self.pad))))


class SqueezeExcite(nn.Module):
    def __init__(self, block_in, channels):
        super().__init__()
        squeezed = max(1, int(block_in * VISION["squeeze_expansion_ratio"]))
        self.reduce = nn.Conv2d(channels, squeezed, 1)
        self.expand = nn.Conv2d(squeezed, channels, 1)

    def forward(self, x):
        gate = torch.sigmoid(self.expand(F.silu(self.reduce(x.mean(dim=(2, 3), keepdim=True)))))
        return x * gate


class Projection(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.project_conv, self.project_bn = conv_bn(cin, cout, 1)

    def forward(self, x):
        return self.project_bn(self.project_conv(x))


class Block(nn.Module):
    def __init__(self, cin, cout, ratio, kernel, stride, adjust, residual):
        super().__init__()
        inner = cin * ratio
        if ratio != 1:
            self.expansion = Expansion(cin, inner)
        self.depthwise_conv = Depthwise(inner, kernel, stride, adjust)
        self.squeeze_excite = SqueezeExcite(cin, inner)
        self.projection = Projection(inner, cout)
        self.residual = residual

    def forward(self, x):
        h = self.expansion(x) if hasattr(self, "expansion") else x
        h = self.projection(self.squeeze_excite(self.depthwise_conv(h)))
        return h + x if self.residual else h


class Encoder(nn.Module):
    def __init__(self):
        super().__init__()
        blocks = []
        for i in range(len(VISION["in_channels"])):
            cin = round_filters(VISION["in_channels"][i])
            cout = round_filters(VISION["out_channels"][i])
            for j in range(repeats(VISION["num_block_repeats"][i])):
                number = len(blocks)
                blocks.append(Block(cin if j == 0 else cout, cout, VISION["expand_ratios"][i],
                                    VISION["kernel_sizes"][i], VISION["strides"][i] if j == 0 else 1,
                                    number not in VISION["depthwise_padding"], j > 0))
        self.blocks = nn.ModuleList(blocks)


class VisionModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.embeddings = Stem()
        self.encoder = Encoder()
        self.pooler = nn.AvgPool2d(VISION["hidden_dim"], ceil_mode=True)

    def forward(self, pixels):
        x = self.embeddings(pixels)
        states = [x]
        for block in self.encoder.blocks:
            x = block(x)
            states.append(x)
        return self.pooler(x).flatten(1), states


class Pooler(nn.Module):
    """AlignTextPooler (dense + tanh on [CLS]): in the checkpoint, not in the embeddings."""

    def __init__(self):
        super().__init__()
        self.dense = nn.Linear(bert.WIDTH, bert.WIDTH)


class TextModel(bert.Bert):
    def __init__(self, vocab):
        super().__init__(vocab)
        self.pooler = Pooler()


class Align(nn.Module):
    def __init__(self, vocab):
        super().__init__()
        self.text_model = TextModel(vocab)
        self.vision_model = VisionModel()
        self.text_projection = nn.Linear(bert.WIDTH, round_filters(VISION["out_channels"][-1]))
        self.temperature = nn.Parameter(torch.tensor(TEMPERATURE))


def randomize(model, generator):
    for name, p in model.named_parameters():
        if name == "temperature":
            continue
        if name.startswith("text_model"):
            continue
        if p.dim() == 1:
            gain = ("bn" in name or "norm" in name) and name.endswith("weight")
            p.copy_(0.3 * torch.randn(p.shape, generator=generator) + (1.0 if gain else 0.0))
        else:
            fan_in = p[0].numel()
            p.copy_(torch.randn(p.shape, generator=generator) * (1.5 / fan_in) ** 0.5)
    bert.randomize(model.text_model, generator)
    for module in model.modules():
        if isinstance(module, nn.BatchNorm2d):
            module.running_mean.copy_(0.2 * torch.randn(module.running_mean.shape, generator=generator))
            module.running_var.copy_(0.5 + torch.rand(module.running_var.shape, generator=generator))


def preprocess(path):
    with Image.open(os.path.join(ROOT, path)) as img:
        img = img.convert("RGB").resize((RESIZE, RESIZE), Image.BILINEAR)
        array = np.asarray(img)
    top = (RESIZE - CROP) // 2
    array = array[top:top + CROP, top:top + CROP]
    pixels = (array.astype(np.float64) * RESCALE).astype(np.float32) - np.float32(1)
    return pixels.transpose(2, 0, 1).copy()


def write_json(path, value, indent=2):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(value, f, indent=indent, ensure_ascii=True)
        f.write("\n")


def rounded(tensor):
    return [round(float(v), 7) for v in tensor.flatten()]


def write_files(out, model, vocab_list):
    """The checkpoint directory of `model` (its vocabulary `vocab_list`) without EXPECTED.json."""
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "vocab.txt"), "w", encoding="utf-8", newline="\n") as f:
        f.write("".join(piece + "\n" for piece in vocab_list))
    write_safetensors(os.path.join(out, "model.safetensors"), dict(model.state_dict()))
    text_config = {"model_type": "align_text_model", "vocab_size": len(vocab_list), "hidden_size": bert.WIDTH,
                   "num_hidden_layers": bert.LAYERS, "num_attention_heads": bert.HEADS,
                   "intermediate_size": bert.INTERMEDIATE, "hidden_act": "gelu", "max_position_embeddings": CONTEXT,
                   "type_vocab_size": bert.TYPES, "layer_norm_eps": bert.EPS, "pad_token_id": 0,
                   "position_embedding_type": "absolute"}
    write_json(os.path.join(out, "config.json"), {
        "architectures": ["AlignModel"], "model_type": "align", "projection_dim": model.text_projection.out_features,
        "temperature_init_value": 1.0, "initializer_range": 0.02, "text_config": text_config,
        "vision_config": dict(VISION, model_type="align_vision_model")})
    write_json(os.path.join(out, "tokenizer_config.json"), {
        "do_lower_case": True, "strip_accents": None, "tokenize_chinese_chars": True, "model_max_length": CONTEXT,
        "tokenizer_class": "BertTokenizer", "unk_token": "[UNK]", "sep_token": "[SEP]", "pad_token": "[PAD]",
        "cls_token": "[CLS]", "mask_token": "[MASK]"})
    write_json(os.path.join(out, "preprocessor_config.json"), {
        "image_processor_type": "EfficientNetImageProcessor", "processor_class": "AlignProcessor",
        "do_resize": True, "size": {"height": RESIZE, "width": RESIZE}, "resample": 2,
        "do_center_crop": True, "crop_size": {"height": CROP, "width": CROP},
        "do_rescale": True, "rescale_factor": RESCALE, "rescale_offset": True,
        "do_normalize": False, "image_mean": [0.485, 0.456, 0.406], "image_std": [0.229, 0.224, 0.225],
        "include_top": False})


def checkpoint(out):
    vocab_list = bert.make_vocab()
    vocab = {piece: i for i, piece in enumerate(vocab_list)}
    generator = torch.Generator().manual_seed(31)
    model = Align(len(vocab_list)).eval()
    with torch.no_grad():
        randomize(model, generator)
        ids = [[vocab[p] for p, _, _ in wordpiece.tokenize(c, vocab, True, True, True, CONTEXT)] for c in CAPTIONS]
        text = torch.cat([model.text_projection(model.text_model(torch.tensor([i]), torch.ones(1, len(i)))[:, 0])
                          for i in ids])
        pixels = [preprocess(path) for path in IMAGES]
        image, states = model.vision_model(torch.from_numpy(np.stack(pixels)))
        cos = F.normalize(text, dim=-1) @ F.normalize(image, dim=-1).T
        logits = cos / model.temperature
    write_files(out, model, vocab_list)
    expected = {"captions": CAPTIONS, "ids": ids, "images": IMAGES,
                "pixel_sha256": [hashlib.sha256(p.astype("<f4").tobytes()).hexdigest() for p in pixels],
                "text_embeddings": text.tolist(), "image_embeddings": image.tolist(),
                # the first image's map after the stem and after each block, [H][W][C] (channel-last)
                "states": [rounded(s[0].permute(1, 2, 0)) for s in states],
                "temperature": model.temperature.item(), "cosines": cos.tolist(), "logits": logits.tolist()}
    with open(os.path.join(out, "EXPECTED.json"), "w", encoding="utf-8") as f:
        json.dump(expected, f, separators=(",", ":"))
        f.write("\n")
    print("wrote", out)


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] != "--checkpoint":
        sys.exit("usage: align.py --checkpoint DIR")
    checkpoint(sys.argv[2])
