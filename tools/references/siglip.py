# Copyright 2026 the Duet authors
# SPDX-License-Identifier: Apache-2.0
"""Reference outputs of a SigLIP dual encoder, for Duet's SigLIP fixture test.

Written from reading transformers' modeling_siglip.py (SiglipVisionEmbeddings, SiglipAttention,
SiglipEncoderLayer, SiglipMultiheadAttentionPoolingHead, SiglipTextTransformer, SiglipModel):
 - vision: a stride-p patch convolution with bias, no class token, learned positions, pre-LN
   encoder layers (GELU with the tanh approximation), post_layernorm on every row, then the
   attention-pooling head: a learned probe queries the rows (nn.MultiheadAttention, packed
   in_proj), the result r becomes r + mlp(layernorm(r));
 - text: token and position embeddings, the same encoder layers without a causal mask (and no
   attention mask: SigLIP pads to a fixed length and attends over the padding), final_layer_norm,
   the last row through `head` (a linear layer with bias);
 - score: cos * exp(logit_scale) + logit_bias (through a sigmoid for a probability).
Random weights of a small shape in the HuggingFace layout (key names as SiglipModel's state dict).

Writes one safetensors file: the weights (float32) and, under "reference.*", input ids [N][T],
pixels [N][3][S][S], image and text embeddings (the towers' pooled outputs, unnormalised) and
the logits [N_text][N_image].

Run: /usr/bin/python3 tools/references/siglip.py OUT.safetensors   (Debian's python3-torch)

With --checkpoint, writes instead a whole SigLIP checkpoint directory of the same shape, as
transformers lays it out, for the command-line tests: config.json, model.safetensors (weights
only), spiece.model (the repository's unigram-nfkc-bytes test model, whose 1,500 pieces set the
vocabulary), tokenizer_config.json and preprocessor_config.json; and EXPECTED.json with what this
reference computes end to end for a few captions and the repository's example images: the ids
(tools/sentencepiece/generate.py's re-implementation of transformers' SiglipTokenizer over
python3-sentencepiece), the pixels' checksum (tools/preprocessing/make_siglip_references.py's
SiglipImageProcessor over Pillow), the embeddings, logits and sigmoid probabilities.

Run: /usr/bin/python3 tools/references/siglip.py --checkpoint \
         duet-core/src/test/resources/dev/duet/model/siglip-tiny \
         duet-core/src/test/resources/dev/duet/model/siglip-tiny-expected.json

With --checkpoint2, the same for SigLIP 2 at a fixed resolution, laid out as Google's published
fixed-resolution SigLIP 2 checkpoints are (google/siglip2-base-patch16-224 and its siblings):
transformers' SiglipModel (model_type siglip: the same architecture; transformers' own siglip2
model_type is Siglip2Model, the NaFlex variant), with Gemma's tokenizer: tokenizer.model (the small
Gemma-like model of tools/references/gemma_tokenizer.py, 1,200 pieces, <pad> 0 <eos> 1 <bos> 2) and
its tokenizer_config.json (GemmaTokenizer, add_bos_token false, add_eos_token true); the ids are
that generator's re-implementation of SigLIP 2's text preparation (no lower-casing, EOS, <pad> to 64).

Run: /usr/bin/python3 tools/references/siglip.py --checkpoint2 \
         duet-core/src/test/resources/dev/duet/model/siglip2-tiny \
         duet-core/src/test/resources/dev/duet/model/siglip2-tiny-expected.json

With --base, writes a checkpoint directory as --checkpoint does (no EXPECTED.json) in
google/siglip-base-patch16-224's shape (BASE_SHAPE, 32,000 token rows), random weights of the same
scale: the workload of ./benchmark.sh siglip, which bench/siglip-peer.py loads into this reference
(set_shape sets the shape a config.json gives).

Run: /usr/bin/python3 tools/references/siglip.py --base bench-out/siglip-base-random
"""
import hashlib
import json
import math
import os
import shutil
import struct
import sys

import torch
import torch.nn.functional as F
from torch import nn

WIDTH = 32
HEADS = 4
INTERMEDIATE = 64
LAYERS = 2
IMAGE = 32
PATCH = 8
VOCAB = 100
LENGTH = 16
EPS = 1e-6


def set_shape(width, heads, intermediate, layers, image, patch):
    """Sets the shape of the towers built after (the module's constants; both towers share it, as in
    SigLIP's published checkpoints)."""
    global WIDTH, HEADS, INTERMEDIATE, LAYERS, IMAGE, PATCH
    WIDTH, HEADS, INTERMEDIATE, LAYERS, IMAGE, PATCH = width, heads, intermediate, layers, image, patch


def gelu_tanh(x):
    return F.gelu(x, approximate="tanh")


class EncoderLayer(nn.Module):
    def __init__(self):
        super().__init__()
        self.layer_norm1 = nn.LayerNorm(WIDTH, eps=EPS)
        self.self_attn = nn.Module()
        for name in ["q_proj", "k_proj", "v_proj", "out_proj"]:
            setattr(self.self_attn, name, nn.Linear(WIDTH, WIDTH))
        self.layer_norm2 = nn.LayerNorm(WIDTH, eps=EPS)
        self.mlp = nn.Module()
        self.mlp.fc1 = nn.Linear(WIDTH, INTERMEDIATE)
        self.mlp.fc2 = nn.Linear(INTERMEDIATE, WIDTH)

    def attention(self, x):
        n, t, d = x.shape
        dh = d // HEADS
        def split(y):
            return y.reshape(n, t, HEADS, dh).transpose(1, 2)
        q = split(self.self_attn.q_proj(x))
        k = split(self.self_attn.k_proj(x))
        v = split(self.self_attn.v_proj(x))
        probs = torch.softmax(q @ k.transpose(-1, -2) * dh ** -0.5, dim=-1)
        return self.self_attn.out_proj((probs @ v).transpose(1, 2).reshape(n, t, d))

    def forward(self, x):
        x = x + self.attention(self.layer_norm1(x))
        return x + self.mlp.fc2(gelu_tanh(self.mlp.fc1(self.layer_norm2(x))))


class Encoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = nn.ModuleList([EncoderLayer() for _ in range(LAYERS)])

    def forward(self, x):
        for layer in self.layers:
            x = layer(x)
        return x


class Head(nn.Module):
    def __init__(self):
        super().__init__()
        self.probe = nn.Parameter(torch.randn(1, 1, WIDTH))
        self.attention = nn.MultiheadAttention(WIDTH, HEADS, batch_first=True)
        self.layernorm = nn.LayerNorm(WIDTH, eps=EPS)
        self.mlp = nn.Module()
        self.mlp.fc1 = nn.Linear(WIDTH, INTERMEDIATE)
        self.mlp.fc2 = nn.Linear(INTERMEDIATE, WIDTH)

    def forward(self, x):
        probe = self.probe.repeat(x.shape[0], 1, 1)
        r = self.attention(probe, x, x, need_weights=False)[0]
        r = r + self.mlp.fc2(gelu_tanh(self.mlp.fc1(self.layernorm(r))))
        return r[:, 0]


class Vision(nn.Module):
    def __init__(self):
        super().__init__()
        self.embeddings = nn.Module()
        self.embeddings.patch_embedding = nn.Conv2d(3, WIDTH, PATCH, stride=PATCH)
        self.embeddings.position_embedding = nn.Embedding((IMAGE // PATCH) ** 2, WIDTH)
        self.encoder = Encoder()
        self.post_layernorm = nn.LayerNorm(WIDTH, eps=EPS)
        self.head = Head()

    def forward(self, pixels):
        x = self.embeddings.patch_embedding(pixels).flatten(2).transpose(1, 2)
        x = x + self.embeddings.position_embedding.weight[None]
        return self.head(self.post_layernorm(self.encoder(x)))


class Text(nn.Module):
    def __init__(self, vocab, length):
        super().__init__()
        self.embeddings = nn.Module()
        self.embeddings.token_embedding = nn.Embedding(vocab, WIDTH)
        self.embeddings.position_embedding = nn.Embedding(length, WIDTH)
        self.encoder = Encoder()
        self.final_layer_norm = nn.LayerNorm(WIDTH, eps=EPS)
        self.head = nn.Linear(WIDTH, WIDTH)

    def forward(self, ids):
        x = self.embeddings.token_embedding(ids) + self.embeddings.position_embedding.weight[None, :ids.shape[1]]
        x = self.final_layer_norm(self.encoder(x))
        return self.head(x[:, -1])


class Siglip(nn.Module):
    def __init__(self, vocab=VOCAB, length=LENGTH):
        super().__init__()
        self.text_model = Text(vocab, length)
        self.vision_model = Vision()
        self.logit_scale = nn.Parameter(torch.tensor([math.log(10.0)]))
        self.logit_bias = nn.Parameter(torch.tensor([-10.0]))


def write_safetensors(path, tensors):
    header = {}
    offset = 0
    blobs = []
    for name, tensor in tensors.items():
        data = tensor.detach().contiguous().to(torch.float32).numpy().tobytes()
        header[name] = {"dtype": "F32", "shape": list(tensor.shape), "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
        blobs.append(data)
    encoded = json.dumps(header, separators=(",", ":")).encode()
    encoded += b" " * (-len(encoded) % 8)
    with open(path, "wb") as out:
        out.write(struct.pack("<Q", len(encoded)))
        out.write(encoded)
        for blob in blobs:
            out.write(blob)


def randomize(model, generator):
    """Random weights of a usable scale; logit_scale and logit_bias keep their initial values."""
    for name, p in model.named_parameters():
        if name in ("logit_scale", "logit_bias"):
            continue
        scale = 0.3 if p.dim() == 1 else (1.0 / p.shape[-1]) ** 0.5
        if "layer_norm" in name or "layernorm" in name:
            p.copy_((1.0 if name.endswith("weight") else 0.0) + 0.2 * torch.randn(p.shape, generator=generator))
        else:
            p.copy_(torch.randn(p.shape, generator=generator) * scale)


def main():
    generator = torch.Generator().manual_seed(19)
    model = Siglip().eval()
    with torch.no_grad():
        randomize(model, generator)
        ids = torch.randint(2, VOCAB, (3, LENGTH), generator=generator)
        ids[:, -3:] = 1   # padding at the end, as SigLIP pads to a fixed length
        pixels = torch.randn(2, 3, IMAGE, IMAGE, generator=generator)
        text = model.text_model(ids)
        image = model.vision_model(pixels)
        cos = F.normalize(text, dim=-1) @ F.normalize(image, dim=-1).T
        logits = cos * model.logit_scale.exp() + model.logit_bias
    tensors = dict(model.state_dict())
    tensors["reference.ids"] = ids.float()
    tensors["reference.pixels"] = pixels
    tensors["reference.text_embeddings"] = text
    tensors["reference.image_embeddings"] = image
    tensors["reference.logits"] = logits
    write_safetensors(sys.argv[1], tensors)
    print("floats", sum(t.numel() for t in tensors.values()), "keys", [k for k in tensors if "head" in k][:12])


ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SPIECE = os.path.join(ROOT, "duet-core/src/test/resources/dev/duet/tokenizer/sentencepiece/unigram-nfkc-bytes.model")
CHECKPOINT_VOCAB = 1500   # the pieces of SPIECE
CHECKPOINT_LENGTH = 64    # SigLIP's text length, which every caption is padded to
EOS = 2                   # SPIECE's </s>, which SigLIP's tokenizer also pads with
CAPTIONS = ["a red square right of a blue rectangle", "A photo of a CAT, on the table!", "",
            "a photo of " * 25]
IMAGES = ["examples/blue-rectangle-red-square.png",
          "duet-server/src/main/resources/dev/duet/server/examples/red-circle-blue-square.png"]


def write_checkpoint(out_dir, model, vocab):
    """The checkpoint directory of `model` (the module's shape, a text length of CHECKPOINT_LENGTH, `vocab`
    rows of token embeddings) with SPIECE as its tokenizer."""
    os.makedirs(out_dir, exist_ok=True)
    write_safetensors(os.path.join(out_dir, "model.safetensors"), dict(model.state_dict()))
    shutil.copyfile(SPIECE, os.path.join(out_dir, "spiece.model"))
    tower = {"hidden_size": WIDTH, "intermediate_size": INTERMEDIATE, "num_attention_heads": HEADS,
             "num_hidden_layers": LAYERS}
    config = {"architectures": ["SiglipModel"], "model_type": "siglip",
              "text_config": dict(tower, model_type="siglip_text_model", max_position_embeddings=CHECKPOINT_LENGTH,
                                  vocab_size=vocab, bos_token_id=EOS, eos_token_id=EOS, pad_token_id=EOS),
              "vision_config": dict(tower, model_type="siglip_vision_model", image_size=IMAGE, patch_size=PATCH)}
    tokenizer = {"tokenizer_class": "SiglipTokenizer", "do_lower_case": True, "model_max_length": CHECKPOINT_LENGTH,
                 "eos_token": "</s>", "pad_token": "</s>", "unk_token": "<unk>"}
    processor = {"image_processor_type": "SiglipImageProcessor", "do_resize": True, "do_rescale": True,
                 "do_normalize": True, "image_mean": [0.5, 0.5, 0.5], "image_std": [0.5, 0.5, 0.5], "resample": 3,
                 "rescale_factor": 1 / 255, "size": {"height": IMAGE, "width": IMAGE}}
    for name, value in (("config.json", config), ("tokenizer_config.json", tokenizer),
                        ("preprocessor_config.json", processor)):
        with open(os.path.join(out_dir, name), "w") as f:
            json.dump(value, f, indent=2)
            f.write("\n")


def checkpoint(out_dir, expected_file):
    sys.path.insert(0, os.path.join(ROOT, "tools/sentencepiece"))
    sys.path.insert(0, os.path.join(ROOT, "tools/preprocessing"))
    from generate import siglip_ids
    from make_siglip_references import siglip as siglip_pixels
    from PIL import Image
    import numpy as np

    generator = torch.Generator().manual_seed(20)
    model = Siglip(CHECKPOINT_VOCAB, CHECKPOINT_LENGTH).eval()
    with open(SPIECE, "rb") as f:
        spiece = f.read()
    with torch.no_grad():
        randomize(model, generator)
        ids = [siglip_ids(spiece, caption, max_length=CHECKPOINT_LENGTH) for caption in CAPTIONS]
        pixels = []
        for image in IMAGES:
            with Image.open(os.path.join(ROOT, image)) as img:
                img.load()
                pixels.append(siglip_pixels(img, IMAGE, IMAGE, Image.BICUBIC))
        text = model.text_model(torch.tensor(ids))
        image = model.vision_model(torch.from_numpy(np.stack(pixels)))
        cos = F.normalize(text, dim=-1) @ F.normalize(image, dim=-1).T
        logits = cos * model.logit_scale.exp() + model.logit_bias
    write_checkpoint(out_dir, model, CHECKPOINT_VOCAB)
    expected = {"captions": CAPTIONS, "ids": ids, "images": IMAGES,
                "pixel_sha256": [hashlib.sha256(p.astype("<f4").tobytes()).hexdigest() for p in pixels],
                "text_embeddings": text.tolist(), "image_embeddings": image.tolist(),
                "logit_scale": model.logit_scale.exp().item(), "logit_bias": model.logit_bias.item(),
                "cosines": cos.tolist(), "logits": logits.tolist(), "probabilities": torch.sigmoid(logits).tolist()}
    with open(expected_file, "w") as f:
        json.dump(expected, f)
        f.write("\n")
    print("wrote", out_dir, "and", expected_file)


GEMMA_DIR = os.path.join(ROOT, "duet-core/src/test/resources/dev/duet/tokenizer/gemma")
GEMMA_VOCAB = 1200        # the pieces of GEMMA_DIR/tokenizer.model
GEMMA_EOS, GEMMA_BOS, GEMMA_PAD = 1, 2, 0
CAPTIONS2 = ["a red square right of a blue rectangle", "A photo of a CAT, on the table!", "",
             "two  spaces, 42 cats and 🐱 <eos>", "a photo of " * 25]


def checkpoint2(out_dir, expected_file):
    sys.path.insert(0, os.path.join(ROOT, "tools/references"))
    sys.path.insert(0, os.path.join(ROOT, "tools/preprocessing"))
    import sentencepiece as spm
    from gemma_tokenizer import siglip2 as siglip2_ids
    from make_siglip_references import siglip as siglip_pixels
    from PIL import Image
    import numpy as np

    generator = torch.Generator().manual_seed(21)
    model = Siglip(GEMMA_VOCAB, CHECKPOINT_LENGTH).eval()
    sp = spm.SentencePieceProcessor(model_file=os.path.join(GEMMA_DIR, "tokenizer.model"))
    with torch.no_grad():
        randomize(model, generator)
        ids = [siglip2_ids(sp, caption, max_length=CHECKPOINT_LENGTH)["ids"] for caption in CAPTIONS2]
        pixels = []
        for image in IMAGES:
            with Image.open(os.path.join(ROOT, image)) as img:
                img.load()
                pixels.append(siglip_pixels(img, IMAGE, IMAGE, Image.BILINEAR))
        text = model.text_model(torch.tensor(ids))
        image = model.vision_model(torch.from_numpy(np.stack(pixels)))
        cos = F.normalize(text, dim=-1) @ F.normalize(image, dim=-1).T
        logits = cos * model.logit_scale.exp() + model.logit_bias
    os.makedirs(out_dir, exist_ok=True)
    write_safetensors(os.path.join(out_dir, "model.safetensors"), dict(model.state_dict()))
    for name in ("tokenizer.model", "tokenizer_config.json"):
        shutil.copyfile(os.path.join(GEMMA_DIR, name), os.path.join(out_dir, name))
    tower = {"hidden_size": WIDTH, "intermediate_size": INTERMEDIATE, "num_attention_heads": HEADS,
             "num_hidden_layers": LAYERS}
    config = {"architectures": ["SiglipModel"], "model_type": "siglip",
              "text_config": dict(tower, model_type="siglip_text_model", max_position_embeddings=CHECKPOINT_LENGTH,
                                  vocab_size=GEMMA_VOCAB, bos_token_id=GEMMA_BOS, eos_token_id=GEMMA_EOS,
                                  pad_token_id=GEMMA_PAD),
              "vision_config": dict(tower, model_type="siglip_vision_model", image_size=IMAGE, patch_size=PATCH)}
    # PIL's bilinear filter (resample 2), where siglip-tiny has bicubic: both filters through a whole model
    processor = {"image_processor_type": "SiglipImageProcessor", "processor_class": "SiglipProcessor",
                 "do_resize": True, "do_rescale": True, "do_normalize": True, "image_mean": [0.5, 0.5, 0.5],
                 "image_std": [0.5, 0.5, 0.5], "resample": 2, "rescale_factor": 1 / 255,
                 "size": {"height": IMAGE, "width": IMAGE}}
    for name, value in (("config.json", config), ("preprocessor_config.json", processor)):
        with open(os.path.join(out_dir, name), "w") as f:
            json.dump(value, f, indent=2)
            f.write("\n")
    expected = {"captions": CAPTIONS2, "ids": ids, "images": IMAGES,
                "pixel_sha256": [hashlib.sha256(p.astype("<f4").tobytes()).hexdigest() for p in pixels],
                "text_embeddings": text.tolist(), "image_embeddings": image.tolist(),
                "logit_scale": model.logit_scale.exp().item(), "logit_bias": model.logit_bias.item(),
                "cosines": cos.tolist(), "logits": logits.tolist(), "probabilities": torch.sigmoid(logits).tolist()}
    with open(expected_file, "w") as f:
        json.dump(expected, f)
        f.write("\n")
    print("wrote", out_dir, "and", expected_file)


# google/siglip-base-patch16-224's shape: both towers 768 wide, 12 layers of 12 heads, MLP 3072; 14 x 14
# patches of 16 px; 32,000 token rows, of which SPIECE's 1,500 pieces use the first
BASE_SHAPE = dict(width=768, heads=12, intermediate=3072, layers=12, image=224, patch=16)
BASE_VOCAB = 32000


def base(out_dir):
    set_shape(**BASE_SHAPE)
    generator = torch.Generator().manual_seed(22)
    model = Siglip(BASE_VOCAB, CHECKPOINT_LENGTH).eval()
    with torch.no_grad():
        randomize(model, generator)
    write_checkpoint(out_dir, model, BASE_VOCAB)
    print("wrote", out_dir)


if __name__ == "__main__":
    if sys.argv[1] == "--base":
        base(sys.argv[2])
    elif sys.argv[1] == "--checkpoint":
        checkpoint(sys.argv[2], sys.argv[3])
    elif sys.argv[1] == "--checkpoint2":
        checkpoint2(sys.argv[2], sys.argv[3])
    else:
        main()
