# Copyright 2026 the Duet authors
# SPDX-License-Identifier: Apache-2.0
"""PyTorch peer of `./benchmark.sh train`: the same CLIP shape (text and vision 128 wide, 4 pre-LN
blocks, 4 heads, MLP 512; 80 px images (the default model's) in 8 px patches; projection 128), one training step =
forward, symmetric contrastive loss with one hard negative caption per image, backward, AdamW.
Inputs are random tensors made once (Duet's figure also renders and preprocesses its scenes).
Usage: python3 bench/train-peer.py [STEPS] [BATCH] [TOKENS] [IMAGE_PX]; prints pairs/s."""
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

STEPS = int(sys.argv[1]) if len(sys.argv) > 1 else 60
BATCH = int(sys.argv[2]) if len(sys.argv) > 2 else 64
TOKENS = int(sys.argv[3]) if len(sys.argv) > 3 else 18
IMAGE = int(sys.argv[4]) if len(sys.argv) > 4 else 80
WIDTH, LAYERS, HEADS, VOCAB, PATCH = 128, 4, 4, 8706, 8


def blocks():
    layer = nn.TransformerEncoderLayer(WIDTH, HEADS, 4 * WIDTH, dropout=0.0, activation="gelu",
                                       batch_first=True, norm_first=True)
    return nn.TransformerEncoder(layer, LAYERS, enable_nested_tensor=False)


class Clip(nn.Module):
    def __init__(self):
        super().__init__()
        self.tokens = nn.Embedding(VOCAB, WIDTH)
        self.text_positions = nn.Parameter(torch.randn(32, WIDTH) * 0.01)
        self.text = blocks()
        self.text_norm = nn.LayerNorm(WIDTH)
        self.text_projection = nn.Linear(WIDTH, WIDTH, bias=False)
        grid = IMAGE // PATCH
        self.patches = nn.Conv2d(3, WIDTH, PATCH, PATCH, bias=False)
        self.cls = nn.Parameter(torch.randn(WIDTH) * 0.01)
        self.image_positions = nn.Parameter(torch.randn(grid * grid + 1, WIDTH) * 0.01)
        self.pre_norm = nn.LayerNorm(WIDTH)
        self.vision = blocks()
        self.image_norm = nn.LayerNorm(WIDTH)
        self.image_projection = nn.Linear(WIDTH, WIDTH, bias=False)
        self.logit_scale = nn.Parameter(torch.tensor(2.659))

    def encode_text(self, ids):
        t = ids.shape[1]
        x = self.tokens(ids) + self.text_positions[:t]
        mask = torch.triu(torch.full((t, t), float("-inf")), diagonal=1)
        x = self.text(x, mask=mask)
        return self.text_projection(self.text_norm(x[:, -1]))

    def encode_image(self, pixels):
        x = self.patches(pixels).flatten(2).transpose(1, 2)
        x = torch.cat([self.cls.expand(x.shape[0], 1, WIDTH), x], dim=1) + self.image_positions
        x = self.vision(self.pre_norm(x))
        return self.image_projection(self.image_norm(x[:, 0]))


def main():
    torch.manual_seed(1)
    model = Clip()
    optimizer = torch.optim.AdamW(model.parameters(), lr=5e-4, weight_decay=0.2)
    pixels = torch.randn(BATCH, 3, IMAGE, IMAGE)
    captions = torch.randint(0, VOCAB, (2 * BATCH, TOKENS))
    labels = torch.arange(BATCH)

    def step():
        images = F.normalize(model.encode_image(pixels), dim=-1)
        texts = F.normalize(model.encode_text(captions), dim=-1)
        logits = model.logit_scale.exp() * images @ texts.t()   # [B][2B]: captions, then hard negatives
        loss = (F.cross_entropy(logits, labels) + F.cross_entropy(logits[:, :BATCH].t(), labels)) / 2
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()

    for _ in range(20):
        step()
    start = time.perf_counter()
    for _ in range(STEPS):
        step()
    seconds = time.perf_counter() - start
    print(f"| PyTorch {torch.__version__}, {torch.get_num_threads()} threads, batch {BATCH} + {BATCH} negatives, "
          f"{TOKENS} tokens, {STEPS} steps | {STEPS * BATCH / seconds:.1f} pairs/s |")


if __name__ == "__main__":
    main()
