# Copyright 2026 the Duet authors
# SPDX-License-Identifier: Apache-2.0
"""PyTorch peer of `./benchmark.sh align`: the repository's independent ALIGN (tools/references/align.py,
an EfficientNet image tower and a BERT text tower written from transformers' modeling_align.py), here
at ALIGN-base's shape.

  align-peer.py checkpoint OUT_DIR SHAPE
      a random ALIGN in transformers' layout. SHAPE base: transformers' AlignVisionConfig defaults
      (EfficientNet-B7: width 2.0, depth 3.1, seven stages, hidden_dim 2560) at kakaobrain/align-base's
      image 289 (resized to 346, then cropped), BERT-base (768 wide, 12 layers, 12 heads, 3072
      intermediate, 512 positions, 30522 pieces: align.py's test vocabulary padded with [unusedN]),
      projection 640; small: align.py's own test shape, the same code path in seconds. Weights as
      align.py draws them, then every batch norm's shift zeroed and its statistics measured on noise
      images (a cumulative average over one batch in training mode). At the base shape align.py's
      random statistics grow the maps to 1e4 over 55 blocks (float32 then differs from float64 by 70%
      of the largest embedding entry), and measured statistics with random shifts still leave 1e-3;
      zero shifts leave 1e-5, so that Duet's and PyTorch's float32 embeddings can agree to about 1e-4
  align-peer.py time MODEL_DIR INPUTS_DIR
      image embeddings of INPUTS_DIR/pixels.f32 at batch 1 and 8 and text embeddings of ids.txt at
      batch 1 and 8 (written by AlignPeerBenchmark inputs): prints `WORKLOAD SECONDS` (the median
      after warm-up, the counts AlignPeerBenchmark uses), the largest difference from Duet's
      embeddings (duet-image.f32, duet-text.f32) over their largest magnitude, and `peak-rss-mib`
"""
import os
import resource
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "tools", "references"))
import align  # noqa: E402
import bert  # noqa: E402
from peers import median_seconds, read_safetensors  # noqa: E402

BASE_VISION = dict(align.VISION, image_size=289, width_coefficient=2.0, depth_coefficient=3.1, depth_divisor=8,
                   kernel_sizes=[3, 3, 5, 3, 5, 5, 3], in_channels=[32, 16, 24, 40, 80, 112, 192],
                   out_channels=[16, 24, 40, 80, 112, 192, 320], depthwise_padding=[], strides=[1, 2, 2, 2, 1, 2, 1],
                   num_block_repeats=[1, 2, 2, 3, 3, 4, 1], expand_ratios=[1, 6, 6, 6, 6, 6, 6], hidden_dim=2560)
BERT_BASE_VOCABULARY = 30522
CALIBRATION_IMAGES = 4
# (warm-up runs, timed runs) per workload, as AlignPeerBenchmark
RUNS = {"image-1": (2, 5), "image-8": (1, 3), "text-1": (3, 10), "text-8": (2, 5)}


def use_base_shape():
    """align.py and bert.py read their shapes from module constants when building a model."""
    align.VISION = BASE_VISION
    align.RESIZE, align.CROP, align.CONTEXT = 346, 289, 512
    bert.WIDTH, bert.HEADS, bert.LAYERS, bert.INTERMEDIATE, bert.POSITIONS = 768, 12, 12, 3072, 512


def vocabulary(shape):
    pieces = bert.make_vocab()
    if shape == "base":
        pieces += [f"[unused{i}]" for i in range(BERT_BASE_VOCABULARY - len(pieces))]
    return pieces


def checkpoint(out, shape):
    if shape == "base":
        use_base_shape()
    pieces = vocabulary(shape)
    model = align.Align(len(pieces))
    with torch.no_grad():
        align.randomize(model, torch.Generator().manual_seed(31))
        for module in model.modules():
            if isinstance(module, torch.nn.BatchNorm2d):
                module.bias.zero_()
                module.reset_running_stats()
                module.momentum = None
        model.vision_model.train()
        size = align.VISION["image_size"]
        model.vision_model(torch.randn(CALIBRATION_IMAGES, 3, size, size, generator=torch.Generator().manual_seed(5)))
    align.write_files(out, model.eval(), pieces)
    print("wrote", out)


def image_embeddings(vision, pixels):
    """VisionModel's forward without keeping every block's map."""
    x = vision.embeddings(pixels)
    for block in vision.encoder.blocks:
        x = block(x)
    return vision.pooler(x).flatten(1)


def text_embeddings(model, ids):
    return model.text_projection(model.text_model(ids, torch.ones_like(ids))[:, 0])


def relative_difference(ours, duet_file):
    duet = np.fromfile(duet_file, dtype="<f4")
    return np.abs(ours.numpy().ravel() - duet).max() / np.abs(duet).max()


def time_model(model_dir, inputs):
    weights = read_safetensors(os.path.join(model_dir, "model.safetensors"))
    if weights["text_model.embeddings.word_embeddings.weight"].shape[0] == BERT_BASE_VOCABULARY:
        use_base_shape()
    model = align.Align(weights["text_model.embeddings.word_embeddings.weight"].shape[0])
    model.load_state_dict(weights)
    model.eval()
    size = align.VISION["image_size"]
    pixels = torch.from_numpy(np.fromfile(os.path.join(inputs, "pixels.f32"), dtype="<f4").copy())
    one = pixels.reshape(1, 3, size, size)
    eight = one.expand(8, -1, -1, -1).contiguous()
    with open(os.path.join(inputs, "ids.txt")) as f:
        ids = torch.tensor([[int(piece) for piece in f.read().split()]])
    ids_eight = ids.expand(8, -1).contiguous()
    with torch.no_grad():
        print(f"image-difference {relative_difference(image_embeddings(model.vision_model, one), os.path.join(inputs, 'duet-image.f32')):.3e}")
        print(f"text-difference {relative_difference(text_embeddings(model, ids), os.path.join(inputs, 'duet-text.f32')):.3e}")
        for workload, body in (("image-1", lambda: image_embeddings(model.vision_model, one)),
                               ("image-8", lambda: image_embeddings(model.vision_model, eight)),
                               ("text-1", lambda: text_embeddings(model, ids)),
                               ("text-8", lambda: text_embeddings(model, ids_eight))):
            print(f"{workload} {median_seconds(body, *RUNS[workload]):.5f}", flush=True)
    print(f"peak-rss-mib {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f}")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "checkpoint" and sys.argv[3] in ("base", "small"):
        checkpoint(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 4 and sys.argv[1] == "time":
        time_model(sys.argv[2], sys.argv[3])
    else:
        sys.exit("usage: align-peer.py checkpoint OUT_DIR base|small | time MODEL_DIR INPUTS_DIR")
