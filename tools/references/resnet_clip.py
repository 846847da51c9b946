# Copyright 2026 the Duet authors
# SPDX-License-Identifier: Apache-2.0
"""Reference outputs of CLIP's ModifiedResNet image tower, for Duet's ResNet fixture test.

Written from reading OpenAI CLIP's clip/model.py (Bottleneck, AttentionPool2d, ModifiedResNet):
a 3-convolution stem with average pooling, bottlenecks whose strided ones average-pool before
the last 1x1 convolution (and in the shortcut), and a QKV attention pool whose query is the mean
position. Random weights and random BatchNorm running statistics (so that inference-form batch
norm is exercised), a small shape that still has every kind of block: a stride-1 shortcut with
a projection (layer1, block 0), a plain identity (layer1, block 1) and stride-2 shortcuts.

Writes one safetensors file with the open_clip key names ("visual.*") of the weights (float16,
their values rounded to it before the forward pass) and, in float32 under
"reference.*", the input pixels [N][3][S][S], the embeddings [N][P] and each stage's output
[N][C][H][W] (stem, layer1..layer4).

Run: /usr/bin/python3 tools/references/resnet_clip.py OUT.safetensors   (Debian's python3-torch)
"""
import json
import struct
import sys

import torch
import torch.nn.functional as F
from torch import nn

LAYERS = [2, 1, 1, 1]
WIDTH = 8            # stem width; the feature width is 32 * WIDTH
IMAGE = 64           # final grid IMAGE / 32 = 2
OUTPUT = 64          # embedding width (that of the tiny ViT fixture, so that its text tower pairs with this image tower)
HEADS = WIDTH * 32 // 64
IMAGES = 2


class Bottleneck(nn.Module):
    expansion = 4

    def __init__(self, inplanes, planes, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(inplanes, planes, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.conv2 = nn.Conv2d(planes, planes, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.avgpool = nn.AvgPool2d(stride) if stride > 1 else nn.Identity()
        self.conv3 = nn.Conv2d(planes, planes * 4, 1, bias=False)
        self.bn3 = nn.BatchNorm2d(planes * 4)
        self.downsample = None
        if stride > 1 or inplanes != planes * 4:
            self.downsample = nn.Sequential()
            self.downsample.add_module("-1", nn.AvgPool2d(stride))
            self.downsample.add_module("0", nn.Conv2d(inplanes, planes * 4, 1, bias=False))
            self.downsample.add_module("1", nn.BatchNorm2d(planes * 4))

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = F.relu(self.bn2(self.conv2(out)))
        out = self.bn3(self.conv3(self.avgpool(out)))
        identity = x if self.downsample is None else self.downsample(x)
        return F.relu(out + identity)


class AttentionPool(nn.Module):
    def __init__(self, grid, dim, heads, output):
        super().__init__()
        self.positional_embedding = nn.Parameter(torch.randn(grid * grid + 1, dim) / dim ** 0.5)
        self.q_proj = nn.Linear(dim, dim)
        self.k_proj = nn.Linear(dim, dim)
        self.v_proj = nn.Linear(dim, dim)
        self.c_proj = nn.Linear(dim, output)
        self.heads = heads

    def forward(self, x):
        n, c, h, w = x.shape
        tokens = x.reshape(n, c, h * w).permute(0, 2, 1)                   # [N][HW][C]
        tokens = torch.cat([tokens.mean(dim=1, keepdim=True), tokens], 1)  # [N][1+HW][C]
        tokens = tokens + self.positional_embedding[None]
        dh = c // self.heads
        def split(t):                                                      # [N][H][rows][dh]
            return t.reshape(n, -1, self.heads, dh).permute(0, 2, 1, 3)
        q = split(self.q_proj(tokens[:, :1]))
        k = split(self.k_proj(tokens))
        v = split(self.v_proj(tokens))
        probs = torch.softmax(q @ k.transpose(-1, -2) / dh ** 0.5, dim=-1)
        pooled = (probs @ v).permute(0, 2, 1, 3).reshape(n, c)
        return self.c_proj(pooled)


class ModifiedResNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, WIDTH // 2, 3, stride=2, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(WIDTH // 2)
        self.conv2 = nn.Conv2d(WIDTH // 2, WIDTH // 2, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(WIDTH // 2)
        self.conv3 = nn.Conv2d(WIDTH // 2, WIDTH, 3, padding=1, bias=False)
        self.bn3 = nn.BatchNorm2d(WIDTH)
        inplanes = WIDTH
        stages = []
        for i, blocks in enumerate(LAYERS):
            planes = WIDTH * 2 ** i
            stage = nn.Sequential()
            for b in range(blocks):
                stage.add_module(str(b), Bottleneck(inplanes, planes, 2 if i > 0 and b == 0 else 1))
                inplanes = planes * 4
            stages.append(stage)
        self.layer1, self.layer2, self.layer3, self.layer4 = stages
        self.attnpool = AttentionPool(IMAGE // 32, WIDTH * 32, HEADS, OUTPUT)

    def forward(self, x):
        outputs = []
        for conv, bn in [(self.conv1, self.bn1), (self.conv2, self.bn2), (self.conv3, self.bn3)]:
            x = F.relu(bn(conv(x)))
        x = F.avg_pool2d(x, 2)
        outputs.append(x)
        for stage in [self.layer1, self.layer2, self.layer3, self.layer4]:
            x = stage(x)
            outputs.append(x)
        return self.attnpool(x), outputs


def randomise(model, generator):
    with torch.no_grad():
        for name, p in model.named_parameters():
            p.copy_(torch.randn(p.shape, generator=generator) * (0.5 if p.dim() == 1 else (1.0 / p[0].numel()) ** 0.5))
        for module in model.modules():
            if isinstance(module, nn.BatchNorm2d):
                module.running_mean.copy_(torch.randn(module.num_features, generator=generator) * 0.2)
                module.running_var.copy_(0.5 + torch.rand(module.num_features, generator=generator))
                module.weight.add_(1.0)
        # weights exactly representable in float16, so that the file stores them at half the size
        for tensor in list(model.parameters()) + list(model.buffers()):
            if tensor.is_floating_point():
                tensor.copy_(tensor.half().float())


def write_safetensors(path, tensors, halves):
    header = {}
    offset = 0
    blobs = []
    for name, tensor in tensors.items():
        half = name in halves
        data = tensor.detach().contiguous().to(torch.float16 if half else torch.float32).numpy().tobytes()
        header[name] = {"dtype": "F16" if half else "F32", "shape": list(tensor.shape), "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
        blobs.append(data)
    encoded = json.dumps(header, separators=(",", ":")).encode()
    encoded += b" " * (-len(encoded) % 8)
    with open(path, "wb") as out:
        out.write(struct.pack("<Q", len(encoded)))
        out.write(encoded)
        for blob in blobs:
            out.write(blob)


def main():
    torch.manual_seed(0)
    generator = torch.Generator().manual_seed(13)
    model = ModifiedResNet().eval()
    randomise(model, generator)
    pixels = torch.randn(IMAGES, 3, IMAGE, IMAGE, generator=generator)
    with torch.no_grad():
        embeddings, stages = model(pixels)
    tensors = {"visual." + k: v for k, v in model.state_dict().items() if not k.endswith("num_batches_tracked")}
    halves = set(tensors)
    tensors["reference.pixels"] = pixels
    tensors["reference.embeddings"] = embeddings
    for i, stage in enumerate(stages):
        tensors["reference.stage%d" % i] = stage
    write_safetensors(sys.argv[1], tensors, halves)
    print("layers", LAYERS, "width", WIDTH, "image", IMAGE, "output", OUTPUT, "heads", HEADS,
          "floats", sum(t.numel() for t in tensors.values()))


if __name__ == "__main__":
    main()
