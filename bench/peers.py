# Copyright 2026 the Duet authors
# SPDX-License-Identifier: Apache-2.0
"""PyTorch peer of `./benchmark.sh peers`: a CLIP in transformers' checkpoint layout (pre-LN
blocks, quick GELU, CLS pooling for images, first-EOS pooling for text), written from reading
transformers' CLIPModel, loaded from model.safetensors without the safetensors package.

  peers.py export MODEL_DIR OUT_DIR   writes OUT_DIR/image.onnx (pixels [n,3,224,224] -> embeddings
                                      [n,512]) and OUT_DIR/text.onnx (ids [n,t] -> [n,512]), opset 14
  peers.py time MODEL_DIR OUT_DIR     runs the workloads on OUT_DIR/pixels.f32 and ids.txt (written by
                                      PeersBenchmark inputs), prints `WORKLOAD SECONDS` (median) lines and
                                      the largest difference from Duet's embeddings in OUT_DIR
"""
import json
import statistics
import struct
import sys
import time

import torch
import torch.nn as nn

DTYPES = {"F32": torch.float32}


def read_safetensors(path):
    with open(path, "rb") as f:
        data = f.read()
    (length,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + length])
    body = memoryview(data)[8 + length:]
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        start, end = entry["data_offsets"]
        raw = torch.frombuffer(bytearray(body[start:end]), dtype=DTYPES[entry["dtype"]])
        tensors[name] = raw.reshape(entry["shape"])
    return tensors


class QuickGelu(nn.Module):
    def forward(self, x):
        return x * torch.sigmoid(1.702 * x)


class Block(nn.Module):
    """x + attention(LN1(x)); x + MLP(LN2(x)), the attention with separate q, k, v projections."""

    def __init__(self, width, heads, intermediate, eps):
        super().__init__()
        self.heads = heads
        self.layer_norm1 = nn.LayerNorm(width, eps=eps)
        self.layer_norm2 = nn.LayerNorm(width, eps=eps)
        self.q_proj, self.k_proj = nn.Linear(width, width), nn.Linear(width, width)
        self.v_proj, self.out_proj = nn.Linear(width, width), nn.Linear(width, width)
        self.fc1, self.fc2, self.act = nn.Linear(width, intermediate), nn.Linear(intermediate, width), QuickGelu()

    def forward(self, x, mask):
        n, t, d = x.shape
        h = self.layer_norm1(x)
        split = lambda y: y.reshape(n, t, self.heads, d // self.heads).transpose(1, 2)
        q, k, v = split(self.q_proj(h)), split(self.k_proj(h)), split(self.v_proj(h))
        scores = q @ k.transpose(-1, -2) * (d // self.heads) ** -0.5
        if mask is not None:
            scores = scores + mask
        mixed = (scores.softmax(-1) @ v).transpose(1, 2).reshape(n, t, d)
        x = x + self.out_proj(mixed)
        return x + self.fc2(self.act(self.fc1(self.layer_norm2(x))))

    def load(self, weights, prefix):
        for name in ("layer_norm1", "layer_norm2"):
            getattr(self, name).weight.data, getattr(self, name).bias.data = (
                weights[f"{prefix}.{name}.weight"], weights[f"{prefix}.{name}.bias"])
        for name, key in (("q_proj", "self_attn.q_proj"), ("k_proj", "self_attn.k_proj"), ("v_proj", "self_attn.v_proj"),
                          ("out_proj", "self_attn.out_proj"), ("fc1", "mlp.fc1"), ("fc2", "mlp.fc2")):
            getattr(self, name).weight.data = weights[f"{prefix}.{key}.weight"]
            getattr(self, name).bias.data = weights[f"{prefix}.{key}.bias"]


def norm(weights, prefix, width, eps):
    layer = nn.LayerNorm(width, eps=eps)
    layer.weight.data, layer.bias.data = weights[prefix + ".weight"], weights[prefix + ".bias"]
    return layer


class ImageTower(nn.Module):
    def __init__(self, config, weights):
        super().__init__()
        c = config["vision_config"]
        width, patch, eps = c["hidden_size"], c["patch_size"], c["layer_norm_eps"]
        self.patches = nn.Conv2d(3, width, patch, patch, bias=False)
        self.patches.weight.data = weights["vision_model.embeddings.patch_embedding.weight"]
        self.cls = nn.Parameter(weights["vision_model.embeddings.class_embedding"])
        self.positions = nn.Parameter(weights["vision_model.embeddings.position_embedding.weight"])
        self.pre_norm = norm(weights, "vision_model.pre_layrnorm", width, eps)
        self.blocks = nn.ModuleList(Block(width, c["num_attention_heads"], c["intermediate_size"], eps)
                                    for _ in range(c["num_hidden_layers"]))
        for i, block in enumerate(self.blocks):
            block.load(weights, f"vision_model.encoder.layers.{i}")
        self.post_norm = norm(weights, "vision_model.post_layernorm", width, eps)
        self.projection = nn.Linear(width, config["projection_dim"], bias=False)
        self.projection.weight.data = weights["visual_projection.weight"]

    def forward(self, pixels):
        x = self.patches(pixels).flatten(2).transpose(1, 2)
        x = torch.cat([self.cls.expand(x.shape[0], 1, -1), x], dim=1) + self.positions
        x = self.pre_norm(x)
        for block in self.blocks:
            x = block(x, None)
        return self.projection(self.post_norm(x[:, 0]))


class TextTower(nn.Module):
    def __init__(self, config, weights):
        super().__init__()
        c = config["text_config"]
        width, eps = c["hidden_size"], c["layer_norm_eps"]
        self.eos = c["eos_token_id"]
        self.tokens = nn.Embedding.from_pretrained(weights["text_model.embeddings.token_embedding.weight"])
        self.positions = nn.Parameter(weights["text_model.embeddings.position_embedding.weight"])
        self.blocks = nn.ModuleList(Block(width, c["num_attention_heads"], c["intermediate_size"], eps)
                                    for _ in range(c["num_hidden_layers"]))
        for i, block in enumerate(self.blocks):
            block.load(weights, f"text_model.encoder.layers.{i}")
        self.final_norm = norm(weights, "text_model.final_layer_norm", width, eps)
        self.projection = nn.Linear(width, config["projection_dim"], bias=False)
        self.projection.weight.data = weights["text_projection.weight"]

    def forward(self, ids):
        t = ids.shape[1]
        x = self.tokens(ids) + self.positions[:t]
        mask = torch.triu(torch.full((t, t), float("-inf")), diagonal=1)
        for block in self.blocks:
            x = block(x, mask)
        x = self.final_norm(x)
        first_eos = (ids == self.eos).int().argmax(-1)
        return self.projection(x[torch.arange(ids.shape[0]), first_eos])


def towers(model_dir):
    with open(f"{model_dir}/config.json") as f:
        config = json.load(f)
    weights = read_safetensors(f"{model_dir}/model.safetensors")
    return ImageTower(config, weights).eval(), TextTower(config, weights).eval()


def inputs(out_dir):
    with open(f"{out_dir}/pixels.f32", "rb") as f:
        pixels = torch.frombuffer(bytearray(f.read()), dtype=torch.float32).reshape(1, 3, 224, 224)
    with open(f"{out_dir}/ids.txt") as f:
        ids = torch.tensor([[int(i) for i in f.read().split()]], dtype=torch.int64)
    return pixels, ids


def export(model_dir, out_dir):
    image, text = towers(model_dir)
    pixels, ids = inputs(out_dir)
    with torch.no_grad():
        torch.onnx.export(image, (pixels,), f"{out_dir}/image.onnx", opset_version=14, input_names=["pixels"],
                          output_names=["embeddings"], dynamic_axes={"pixels": {0: "n"}, "embeddings": {0: "n"}})
        torch.onnx.export(text, (ids,), f"{out_dir}/text.onnx", opset_version=14, input_names=["ids"],
                          output_names=["embeddings"], dynamic_axes={"ids": {0: "n", 1: "t"}, "embeddings": {0: "n"}})


def median_seconds(work, warm, runs):
    for _ in range(warm):
        work()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def time_towers(image, text, pixels, ids, out_dir):
    """Prints the embeddings' largest differences from Duet's (OUT_DIR/duet-image.f32, duet-text.f32) and the
    median seconds of image embedding at batch 1 and 8 and text embedding at batch 1: the lines PeersBenchmark and
    SiglipBenchmark print for Duet."""
    with torch.no_grad():
        for name, embedding in (("image", image(pixels)), ("text", text(ids))):
            with open(f"{out_dir}/duet-{name}.f32", "rb") as f:
                duet = torch.frombuffer(bytearray(f.read()), dtype=torch.float32)
            largest = (embedding.flatten() - duet).abs().max().item()
            print(f"{name}-difference {largest:.3e} relative {largest / embedding.abs().max().item():.3e}")
        eight = pixels.expand(8, -1, -1, -1).contiguous()
        print(f"image-1 {median_seconds(lambda: image(pixels), 3, 7):.5f}")
        print(f"image-8 {median_seconds(lambda: image(eight), 2, 5):.5f}")
        print(f"text-1 {median_seconds(lambda: text(ids), 5, 15):.5f}")


def time_workloads(model_dir, out_dir):
    torch.set_num_threads(2)
    image, text = towers(model_dir)
    pixels, ids = inputs(out_dir)
    time_towers(image, text, pixels, ids, out_dir)


if __name__ == "__main__":
    {"export": export, "time": time_workloads}[sys.argv[1]](sys.argv[2], sys.argv[3])
