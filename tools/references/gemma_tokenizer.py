# Copyright 2026 the Duet authors
# SPDX-License-Identifier: Apache-2.0
"""A small Gemma-like SentencePiece model and the ids SigLIP 2's text preparation gives with it.

SigLIP 2 checkpoints tokenize with Gemma's tokenizer.model, which cannot be downloaded here, so
this trains a small one with Debian's python3-sentencepiece (0.1.97) under the settings Gemma's
model file records: BPE, byte fallback, digits split, whitespace-only pieces allowed, the identity
normaliser with neither a dummy prefix nor removal of extra whitespace, <pad> <eos> <bos> <unk> as
ids 0-3, and user-defined pieces (<mask>, turn markers, newline and space runs, an HTML tag). The
corpus is tools/sentencepiece/generate.py's, with more whitespace and digits.

SigLIP 2's text preparation, re-implemented from reading transformers (no transformers here):
 - convert_siglip2_to_hf.py builds the tokenizer as GemmaTokenizerFast(add_bos_token=False,
   add_eos_token=True, padding_side="right"); processing_siglip2.py calls it with
   padding="max_length", truncation=True, max_length=64; nothing lower-cases (GemmaTokenizer has
   no do_lower_case; SigLIP 2 was trained on lower-cased text, which is the caller's to do);
 - transformers 5's Siglip2Tokenizer (tokenization_siglip2.py: "Gemma tokenizer + SigLIP2 training
   default: lowercase normalization") is the same with the tokenizers library's Lowercase
   normaliser in front: after the cut at the added tokens (which are not normalised), every char
   of the other parts becomes its own full lower-case mapping (Rust's char::to_lowercase, Python's
   str.lower of that one char: no final sigma, U+0130 two chars);
 - PreTrainedTokenizer.tokenize: the text is cut at the added tokens (the special tokens and
   tokenizer_config.json's added_tokens_decoder; leftmost, longest first), each of which becomes
   its id; GemmaTokenizer._tokenize encodes every other part with sp_model.encode as the model
   file says (so no dummy prefix, spaces kept) and convert_tokens_to_ids maps each piece back;
 - truncation keeps the first max_length - (added specials) ids, then build_inputs_with_special_
   tokens puts BOS (when add_bos_token) in front and EOS (when add_eos_token) after, and padding
   appends <pad> up to max_length on the right.
Beyond transformers, every token gets [start, end) offsets in UTF-16 units of the caller's
string, as Duet's encodings carry them: a piece's as sentencepiece reports it within its part, an
added token's own range, the empty range at 0 for BOS and at the end for EOS and padding.

Writes OUT_DIR/tokenizer.model, OUT_DIR/tokenizer_config.json and OUT_DIR/gemma-cases.json (the
strings; per string sentencepiece's own ids and spans, and SigLIP 2's 64 ids and spans, lower-cased
as Siglip2Tokenizer, and cut to 12 with BOS).

Run: /usr/bin/python3 tools/references/gemma_tokenizer.py duet-core/src/test/resources/dev/duet/tokenizer/gemma
"""
import io
import json
import os
import random
import re
import sys
import tempfile

import sentencepiece as spm

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tools/sentencepiece"))
import generate  # noqa: E402  (the corpus and strings of Duet's SentencePiece references)

SEED = 25
SPECIALS = {"pad": "<pad>", "eos": "<eos>", "bos": "<bos>", "unk": "<unk>"}
# user-defined pieces of Gemma's kind: matched whole wherever they occur in the normalised text
USER_DEFINED = ["<mask>", "<start_of_turn>", "<end_of_turn>", "\n", "\n\n", "\n\n\n", "\u2581\u2581",
                "\u2581\u2581\u2581", "\u2581\u2581\u2581\u2581", "\t", "\t\t", "<table>"]
TRAINER = dict(model_type="bpe", vocab_size=1200, byte_fallback=True, split_digits=True,
               allow_whitespace_only_pieces=True, normalization_rule_name="identity", add_dummy_prefix=False,
               remove_extra_whitespaces=False, character_coverage=0.995, max_sentencepiece_length=16,
               pad_id=0, eos_id=1, bos_id=2, unk_id=3, pad_piece="<pad>", eos_piece="<eos>", bos_piece="<bos>",
               unk_piece="<unk>", user_defined_symbols=USER_DEFINED)
# tokenizer_config.json as SigLIP 2's: the four special tokens, the turn markers special too, <mask>
# an added token that is not special; none strips the whitespace next to it
ADDED = [(0, "<pad>", True), (1, "<eos>", True), (2, "<bos>", True), (3, "<unk>", True), (4, "<mask>", False),
         (5, "<start_of_turn>", True), (6, "<end_of_turn>", True)]
MAX_LENGTH = 64


def tokenizer_config():
    return {"tokenizer_class": "GemmaTokenizer", "add_bos_token": False, "add_eos_token": True,
            "bos_token": "<bos>", "eos_token": "<eos>", "pad_token": "<pad>", "unk_token": "<unk>",
            "padding_side": "right", "model_max_length": MAX_LENGTH, "processor_class": "SiglipProcessor",
            "added_tokens_decoder": {str(i): {"content": c, "lstrip": False, "normalized": False, "rstrip": False,
                                              "single_word": False, "special": s} for i, c, s in ADDED}}


def corpus(rng, lines):
    out = generate.corpus(rng, lines)
    spaced = []
    for line in out:
        words = line.split(" ")
        spaced.append("".join(w + rng.choice([" ", " ", " ", "  ", "   ", "\n", "\t"]) for w in words).rstrip()
                      + (" " + str(rng.randint(0, 10 ** 6)) if rng.random() < 0.3 else ""))
    return spaced


def test_strings(rng):
    gemma = [
        "<eos>", "a<eos>b", "x <pad> y", "<bos>hello", "<unk>", "<mask> in the middle", "a<mask>b",
        "<start_of_turn>user\nA photo<end_of_turn>", "<start_of_turn><end_of_turn>", "<eos><eos>", "<eo s>",
        "two  spaces", "three   spaces", "four    spaces", "nine         spaces", " leading", "trailing ",
        "\n", "\n\n", "\n\n\n\n\n", "tab\there", "\t\t\tx", "<table><tr>", "mixed \t \n runs",
        "1234567890", "3.14159 and 2.71828", "phone +1 (555) 123-4567", "２０２６年", "Ⅻ ①",
        "A Photo Of A Cat", "CAPITALS ONLY", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "🐱🐶🐭", "👩‍👩‍👧", "\U0010FFFD private use",
        "\u0000nul", "\ufffd replacement", "a\u200bb", "e\u0301", "ﬁ", "\u2581", "a\u2581b", "word " * 70,
        "a photo of " * 25, "<EOS> and <Eos>", "İSTANBUL ΣΟΦΙΑΣ ẞ ǅ", "ＦＵＬＬ Ⅻ", "MiXeD CaSe 42",
    ]
    return gemma + generate.test_strings(rng)


def utf16(text):
    return generate.utf16_offsets(text)


def added_tokens():
    return sorted({c for _, c, _ in ADDED} | set(SPECIALS.values()), key=lambda s: (-len(s), s))


def split_on_added(text):
    """PreTrainedTokenizer.tokenize's trie split: (part, code point start, is_added) in order, empty parts dropped."""
    pattern = re.compile("|".join(re.escape(t) for t in added_tokens()))
    parts, at = [], 0
    for m in pattern.finditer(text):
        if m.start() > at:
            parts.append((text[at:m.start()], at, False))
        parts.append((m.group(0), m.start(), True))
        at = m.end()
    if at < len(text):
        parts.append((text[at:], at, False))
    return parts


def lower_chars(part):
    """Each char lower-cased on its own; origin[k] is the char of part that char k of the result came from."""
    out, origin = [], []
    for k, ch in enumerate(part):
        for low in ch.lower():
            out.append(low)
            origin.append(k)
    return "".join(out), origin


def siglip2(sp, text, max_length=MAX_LENGTH, add_bos=False, add_eos=True, lower=False):
    offsets = utf16(text)
    ids, spans = [], []
    for part, start, added in split_on_added(text):
        if added:
            ids.append(sp.piece_to_id(part))
            spans += [offsets[start], offsets[start + len(part)]]
            continue
        if lower:
            normalised, origin = lower_chars(part)
        else:
            normalised, origin = part, list(range(len(part)))
        proto = sp.encode(normalised, out_type="immutable_proto")
        for p in proto.pieces:
            # GemmaTokenizer: pieces (strings), then convert_tokens_to_ids
            ids.append(sp.piece_to_id(p.piece))
            if p.begin < p.end:
                first, last = min(origin[p.begin:p.end]), max(origin[p.begin:p.end]) + 1
            else:
                first = last = origin[p.begin] if p.begin < len(origin) else len(part)
            spans += [offsets[start + first], offsets[start + last]]
        assert [sp.piece_to_id(p.piece) for p in proto.pieces] == sp.encode(normalised)
    end = offsets[-1]
    keep = max_length - int(add_bos) - int(add_eos)
    ids, spans = ids[:keep], spans[:2 * keep]
    if add_bos:
        ids, spans = [sp.piece_to_id(SPECIALS["bos"])] + ids, [0, 0] + spans
    if add_eos:
        ids, spans = ids + [sp.piece_to_id(SPECIALS["eos"])], spans + [end, end]
    pad = max(0, max_length - len(ids))
    return {"ids": ids + [sp.piece_to_id(SPECIALS["pad"])] * pad, "spans": spans + [end, end] * pad}


def main():
    out_dir = os.path.abspath(sys.argv[1])
    os.makedirs(out_dir, exist_ok=True)
    rng = random.Random(SEED)
    lines = corpus(rng, 4000)
    model = io.BytesIO()
    with tempfile.TemporaryDirectory() as tmp:
        os.chdir(tmp)  # the trainer records no path of an in-memory corpus: the same bytes on every run
        spm.SentencePieceTrainer.train(sentence_iterator=iter(lines), model_writer=model, num_threads=1,
                                       seed_sentencepiece_size=100000, shuffle_input_sentence=False, minloglevel=2,
                                       **TRAINER)
    with open(os.path.join(out_dir, "tokenizer.model"), "wb") as f:
        f.write(model.getvalue())
    with open(os.path.join(out_dir, "tokenizer_config.json"), "w") as f:
        json.dump(tokenizer_config(), f, indent=2)
        f.write("\n")
    sp = spm.SentencePieceProcessor(model_proto=model.getvalue())
    for i, c, _ in ADDED:
        assert sp.piece_to_id(c) == i, (c, sp.piece_to_id(c))
    strings = test_strings(random.Random(SEED + 1))
    doc = {"generator": "tools/references/gemma_tokenizer.py", "sentencepiece": spm.__version__,
           "pieces": sp.get_piece_size(), "strings": [{"text": s} for s in strings],
           "sentencepiece_cases": [generate.encode_with_spans(sp, s) for s in strings],
           "siglip2": [siglip2(sp, s) for s in strings],
           "siglip2_lowercased": [siglip2(sp, s, lower=True) for s in strings],
           "siglip2_cut_12_with_bos": [siglip2(sp, s, max_length=12, add_bos=True) for s in strings]}
    with open(os.path.join(out_dir, "gemma-cases.json"), "w", encoding="utf-8") as f:
        f.write(generate.json_lines(doc, 0) + "\n")
    print("wrote", out_dir, len(strings), "strings,", sp.get_piece_size(), "pieces")


if __name__ == "__main__":
    main()
