# Copyright 2026 the Duet authors
# SPDX-License-Identifier: Apache-2.0
"""Reference outputs of a BERT sentence encoder, for Duet's BERT fixture test.

Written from reading transformers' modeling_bert.py (BertEmbeddings, BertSelfAttention,
BertSelfOutput, BertIntermediate, BertOutput, BertLayer) and sentence-transformers' Pooling and
Normalize modules:
 - embeddings: word + absolute position + token type (all type 0 for one sentence), LayerNorm;
 - each layer post-LN: h = LN(x + dense(attention(x))), y = LN(h + dense(gelu(dense(h)))), GELU
   exact (erf); attention with biased query/key/value projections, scores / sqrt(head width) plus
   the additive padding mask (0 where attended, float32's minimum where padded), softmax;
 - sentence embedding: the mean of the last hidden states over the attention mask (sum over
   attended rows / max(count, 1e-9)), or the [CLS] row, then L2-normalised (F.normalize).
Random weights of a small shape (2 layers, width 32, 4 heads, intermediate 64) in the HuggingFace
layout (BertModel's state dict key names, as sentence-transformers saves its module 0).

Writes a whole sentence-transformers checkpoint directory: config.json (model_type bert),
model.safetensors, vocab.txt (a small vocabulary made here), tokenizer_config.json, modules.json,
sentence_bert_config.json, 1_Pooling/config.json (mean pooling) and EXPECTED.json: for a few
sentences, the ids (tools/references/wordpiece.py's tokenizer), the last hidden states, the mean
pooled and normalised embedding and the normalised [CLS] row, each sentence alone; and the
sentences as one batch padded to the longest with its attention mask, with the padded batch's
last hidden states (padding rows included).

Run: /usr/bin/python3 tools/references/bert.py duet-core/src/test/resources/dev/duet/model/bert-tiny
"""
import json
import math
import os
import sys

import torch
import torch.nn.functional as F
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import wordpiece  # noqa: E402  (the repository's reference tokenizer)
from siglip import write_safetensors  # noqa: E402  (float32 tensors in the safetensors layout)

WIDTH = 32
HEADS = 4
LAYERS = 2
INTERMEDIATE = 64
POSITIONS = 40
TYPES = 2
EPS = 1e-12
MAX_SEQ_LENGTH = 24

SENTENCES = [
    "A photo of a cat.",
    "Two dogs play in the park!",
    "Héllo, wörld: the quick brown fox jumps over the lazy dog and keeps running far away from here",
    "unaffable [MASK] xyzzy",
    "",
    "中文 and émoji 😀",
]


def make_vocab():
    words = ["a", "photo", "of", "cat", "two", "dog", "play", "in", "the", "park", "hello", "world", "quick",
             "brown", "fox", "jump", "over", "lazy", "and", "keep", "run", "far", "away", "from", "here", "un",
             "##aff", "##able", "##s", "##ing", "##ed", "emo", "##ji", "中", "文"]
    letters = [chr(c) for c in range(ord("a"), ord("z") + 1)]
    punctuation = list(".,!?:;'\"()-")
    return wordpiece.SPECIALS + words + letters + ["##" + c for c in letters] + punctuation


class Embeddings(nn.Module):
    def __init__(self, vocab):
        super().__init__()
        self.word_embeddings = nn.Embedding(vocab, WIDTH)
        self.position_embeddings = nn.Embedding(POSITIONS, WIDTH)
        self.token_type_embeddings = nn.Embedding(TYPES, WIDTH)
        self.LayerNorm = nn.LayerNorm(WIDTH, eps=EPS)

    def forward(self, ids):
        positions = torch.arange(ids.shape[1]).unsqueeze(0)
        types = torch.zeros_like(ids)
        x = self.word_embeddings(ids) + self.token_type_embeddings(types) + self.position_embeddings(positions)
        return self.LayerNorm(x)


class SelfAttention(nn.Module):
    def __init__(self):
        super().__init__()
        self.query = nn.Linear(WIDTH, WIDTH)
        self.key = nn.Linear(WIDTH, WIDTH)
        self.value = nn.Linear(WIDTH, WIDTH)

    def forward(self, x, additive_mask):
        b, t, _ = x.shape
        head = WIDTH // HEADS

        def heads(y):
            return y.view(b, t, HEADS, head).transpose(1, 2)

        q, k, v = heads(self.query(x)), heads(self.key(x)), heads(self.value(x))
        scores = q @ k.transpose(-1, -2) / math.sqrt(head) + additive_mask
        context = scores.softmax(dim=-1) @ v
        return context.transpose(1, 2).reshape(b, t, WIDTH)


class DenseNorm(nn.Module):
    """BertSelfOutput and BertOutput: LN(residual + dense(x))."""

    def __init__(self, inputs):
        super().__init__()
        self.dense = nn.Linear(inputs, WIDTH)
        self.LayerNorm = nn.LayerNorm(WIDTH, eps=EPS)

    def forward(self, x, residual):
        return self.LayerNorm(self.dense(x) + residual)


class Attention(nn.Module):
    def __init__(self):
        super().__init__()
        setattr(self, "self", SelfAttention())
        self.output = DenseNorm(WIDTH)

    def forward(self, x, additive_mask):
        return self.output(getattr(self, "self")(x, additive_mask), x)


class Intermediate(nn.Module):
    def __init__(self):
        super().__init__()
        self.dense = nn.Linear(WIDTH, INTERMEDIATE)

    def forward(self, x):
        return F.gelu(self.dense(x))


class Layer(nn.Module):
    def __init__(self):
        super().__init__()
        self.attention = Attention()
        self.intermediate = Intermediate()
        self.output = DenseNorm(INTERMEDIATE)

    def forward(self, x, additive_mask):
        h = self.attention(x, additive_mask)
        return self.output(self.intermediate(h), h)


class Encoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.layer = nn.ModuleList([Layer() for _ in range(LAYERS)])


class Bert(nn.Module):
    def __init__(self, vocab):
        super().__init__()
        self.embeddings = Embeddings(vocab)
        self.encoder = Encoder()

    def forward(self, ids, mask):
        additive = (1.0 - mask[:, None, None, :].to(torch.float32)) * torch.finfo(torch.float32).min
        x = self.embeddings(ids)
        for layer in self.encoder.layer:
            x = layer(x, additive)
        return x


def mean_pool(hidden, mask):
    m = mask.unsqueeze(-1).to(hidden.dtype)
    return (hidden * m).sum(1) / m.sum(1).clamp(min=1e-9)


def randomize(model, generator):
    for name, p in model.named_parameters():
        if "LayerNorm" in name:
            p.copy_((1.0 if name.endswith("weight") else 0.0) + 0.2 * torch.randn(p.shape, generator=generator))
        elif p.dim() == 1:
            p.copy_(0.3 * torch.randn(p.shape, generator=generator))
        elif "embeddings" in name:
            p.copy_(torch.randn(p.shape, generator=generator))
        else:
            p.copy_(torch.randn(p.shape, generator=generator) * (1.0 / p.shape[-1]) ** 0.5)


def write_json(path, value):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(value, f, indent=1, ensure_ascii=True)
        f.write("\n")


def rounded(tensor):
    return [round(float(v), 7) for v in tensor.flatten()]


def main():
    out = sys.argv[1]
    os.makedirs(os.path.join(out, "1_Pooling"), exist_ok=True)
    vocab_list = make_vocab()
    vocab = {piece: i for i, piece in enumerate(vocab_list)}
    with open(os.path.join(out, "vocab.txt"), "w", encoding="utf-8", newline="\n") as f:
        f.write("".join(piece + "\n" for piece in vocab_list))
    generator = torch.Generator().manual_seed(23)
    model = Bert(len(vocab_list)).eval()
    with torch.no_grad():
        randomize(model, generator)
        cases = []
        encodings = []
        for text in SENTENCES:
            tokens = wordpiece.tokenize(text, vocab, True, True, True, MAX_SEQ_LENGTH)
            ids = torch.tensor([[vocab[p] for p, _, _ in tokens]])
            mask = torch.ones_like(ids)
            hidden = model(ids, mask)
            cases.append({"text": text, "ids": ids[0].tolist(), "hidden": rounded(hidden[0]),
                          "mean": rounded(F.normalize(mean_pool(hidden, mask), p=2, dim=1)[0]),
                          "mean_unnormalized": rounded(mean_pool(hidden, mask)[0]),
                          "cls": rounded(F.normalize(hidden[:, 0], p=2, dim=1)[0])})
            encodings.append(ids[0].tolist())
        longest = max(len(e) for e in encodings)
        batch_ids = torch.tensor([e + [vocab["[PAD]"]] * (longest - len(e)) for e in encodings])
        batch_mask = torch.tensor([[1] * len(e) + [0] * (longest - len(e)) for e in encodings])
        batch_hidden = model(batch_ids, batch_mask)
        batch = {"ids": batch_ids.flatten().tolist(), "mask": batch_mask.flatten().tolist(), "rows": longest,
                 "hidden": rounded(batch_hidden),
                 "mean": rounded(F.normalize(mean_pool(batch_hidden, batch_mask), p=2, dim=1))}
    write_safetensors(os.path.join(out, "model.safetensors"), dict(model.state_dict()))
    write_json(os.path.join(out, "config.json"), {
        "architectures": ["BertModel"], "model_type": "bert", "vocab_size": len(vocab_list), "hidden_size": WIDTH,
        "num_hidden_layers": LAYERS, "num_attention_heads": HEADS, "intermediate_size": INTERMEDIATE,
        "hidden_act": "gelu", "hidden_dropout_prob": 0.1, "attention_probs_dropout_prob": 0.1,
        "max_position_embeddings": POSITIONS, "type_vocab_size": TYPES, "initializer_range": 0.02,
        "layer_norm_eps": EPS, "pad_token_id": 0, "position_embedding_type": "absolute", "use_cache": True,
        "torch_dtype": "float32"})
    write_json(os.path.join(out, "tokenizer_config.json"), {
        "do_lower_case": True, "strip_accents": None, "tokenize_chinese_chars": True, "model_max_length": 512,
        "tokenizer_class": "BertTokenizer", "unk_token": "[UNK]", "sep_token": "[SEP]", "pad_token": "[PAD]",
        "cls_token": "[CLS]", "mask_token": "[MASK]"})
    write_json(os.path.join(out, "modules.json"), [
        {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
        {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
        {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"}])
    write_json(os.path.join(out, "sentence_bert_config.json"), {"max_seq_length": MAX_SEQ_LENGTH,
                                                                "do_lower_case": False})
    write_json(os.path.join(out, "1_Pooling", "config.json"), {
        "word_embedding_dimension": WIDTH, "pooling_mode_cls_token": False, "pooling_mode_mean_tokens": True,
        "pooling_mode_max_tokens": False, "pooling_mode_mean_sqrt_len_tokens": False,
        "pooling_mode_weightedmean_tokens": False, "pooling_mode_lasttoken": False, "include_prompt": True})
    with open(os.path.join(out, "EXPECTED.json"), "w", encoding="utf-8") as f:
        json.dump({"width": WIDTH, "cases": cases, "batch": batch}, f, ensure_ascii=True, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    main()
