# Copyright 2026 the Duet authors
# SPDX-License-Identifier: Apache-2.0
"""PyTorch and python3-sentencepiece side of `./benchmark.sh siglip`: the repository's independent
SigLIP reference (tools/references/siglip.py, written from reading transformers' modeling_siglip.py)
loaded from a checkpoint's model.safetensors without the safetensors package, and transformers'
SiglipTokenizer text preparation re-implemented over python3-sentencepiece
(tools/sentencepiece/generate.py's siglip_encode).

  siglip-peer.py time MODEL_DIR OUT_DIR      runs image embedding at batch 1 and 8 and text embedding at
                                             batch 1 on OUT_DIR/pixels.f32 and ids.txt (written by
                                             SiglipBenchmark inputs), prints `WORKLOAD SECONDS` (median)
                                             lines and the largest difference from Duet's embeddings in
                                             OUT_DIR (SiglipBenchmark duet), absolute and relative to the
                                             largest value
  siglip-peer.py tokenize MODEL_DIR OUT_DIR RUNS
                                             tokenizes the N captions of OUT_DIR/captions.txt (one a line)
                                             RUNS times after one warm-up pass, prints `tokenizer-N SECONDS`
                                             and captions per second (the median pass) and how many
                                             captions' ids equal Duet's
                                             (OUT_DIR/duet-ids.txt, SiglipBenchmark tokenize)
"""
import json
import os
import statistics
import sys
import time

import torch

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tools/references"))
sys.path.insert(0, os.path.join(ROOT, "tools/sentencepiece"))

import siglip  # noqa: E402
from generate import siglip_encode, siglip_processor  # noqa: E402
from peers import read_safetensors, time_towers  # noqa: E402


def read_config(model_dir):
    with open(os.path.join(model_dir, "config.json")) as f:
        return json.load(f)


def load(model_dir):
    config = read_config(model_dir)
    vision, text = config["vision_config"], config["text_config"]
    siglip.set_shape(vision["hidden_size"], vision["num_attention_heads"], vision["intermediate_size"],
                     vision["num_hidden_layers"], vision["image_size"], vision["patch_size"])
    model = siglip.Siglip(text["vocab_size"], text["max_position_embeddings"])
    model.load_state_dict(read_safetensors(os.path.join(model_dir, "model.safetensors")))
    return model.eval(), vision["image_size"]


def read_floats(path):
    with open(path, "rb") as f:
        return torch.frombuffer(bytearray(f.read()), dtype=torch.float32)


def time_workloads(model_dir, out_dir):
    torch.set_num_threads(2)
    model, size = load(model_dir)
    pixels = read_floats(os.path.join(out_dir, "pixels.f32")).reshape(1, 3, size, size)
    with open(os.path.join(out_dir, "ids.txt")) as f:
        ids = torch.tensor([[int(i) for i in f.read().split()]], dtype=torch.int64)
    time_towers(model.vision_model, model.text_model, pixels, ids, out_dir)


def tokenize(model_dir, out_dir, runs):
    with open(os.path.join(model_dir, "spiece.model"), "rb") as f:
        processor = siglip_processor(f.read())
    with open(os.path.join(out_dir, "captions.txt"), encoding="utf-8") as f:
        captions = f.read().split("\n")[:-1]
    # every caption padded to the text tower's length, as Duet's tokenizer does
    length = read_config(model_dir)["text_config"]["max_position_embeddings"]
    ids = [siglip_encode(processor, caption, length) for caption in captions]
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        for caption in captions:
            siglip_encode(processor, caption, length)
        seconds.append(time.perf_counter() - start)
    print(f"tokenizer-{len(captions)} {statistics.median(seconds):.5f}")
    print(f"captions-per-second {len(captions) / statistics.median(seconds):.0f}")
    with open(os.path.join(out_dir, "duet-ids.txt")) as f:
        duet = [[int(i) for i in line.split()] for line in f.read().split("\n")[:-1]]
    agreeing = sum(ours == theirs for ours, theirs in zip(ids, duet))
    print(f"ids-equal-to-duet {agreeing} of {len(captions)}" + ("" if len(duet) == len(captions)
                                                                 else f" (Duet wrote {len(duet)} lines)"))


if __name__ == "__main__":
    if sys.argv[1] == "time":
        time_workloads(sys.argv[2], sys.argv[3])
    elif sys.argv[1] == "tokenize":
        tokenize(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    else:
        sys.exit(__doc__)
