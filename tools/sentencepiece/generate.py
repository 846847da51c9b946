#!/usr/bin/python3
# Copyright 2026 the Duet authors
# SPDX-License-Identifier: Apache-2.0
"""Reference models and expected encodings for Duet's pure-Java SentencePiece.

Trains five small SentencePiece models (and derives a sixth) with Debian's
python3-sentencepiece (0.1.97) on a corpus generated here (seeded, no download), then writes the
ids and character spans that sentencepiece gives for a generated set of test strings, and the ids
that transformers' SiglipTokenizer would give (its text preparation re-implemented below from
reading tokenization_siglip.py and PreTrainedTokenizer.tokenize; transformers is not installable
here).

    /usr/bin/python3 tools/sentencepiece/generate.py OUT_DIR

writes the models (MODELS and DERIVED below, OUT_DIR/NAME.model) and
OUT_DIR/sentencepiece-cases.json. Duet keeps them in
duet-core/src/test/resources/dev/duet/tokenizer/sentencepiece/; the same command writes the same
bytes again.
"""
import io
import json
import os
import random
import re
import string
import sys
import tempfile

import sentencepiece as spm

SEED = 19

WORDS = {
    "en": "a the red blue green small large square circle triangle photo of dog cat sitting on "
          "table next to left right above below two three people street car tree house sky "
          "running jumping playing with ball under bright dark picture image man woman child "
          "holding umbrella rain sunny morning evening kitchen window open closed".split(),
    "fr": "une photo d'un chat noir à côté de la fenêtre été hôtel café crème brûlée garçon "
          "élève où déjà très fenêtres".split(),
    "de": "ein großer Hund läuft über die Straße Mädchen schön Bäume Grüße Fußball".split(),
    "el": "μια φωτογραφία ενός σκύλου στο πάρκο ΟΔΟΣ ΣΟΦΙΑ καλημέρα".split(),
    "ru": "кошка сидит на столе рядом с окном красный синий Москва".split(),
    "ja": "猫 が テーブル の 上 に 座って いる 写真 東京 カタカナ ひらがな".split(),
    "zh": "一只 狗 在 公园 里 跑 红色 的 汽车 天空".split(),
    "ar": "قطة تجلس على الطاولة صورة".split(),
    "hi": "एक बिल्ली मेज पर बैठी है".split(),
    "ko": "고양이 가 테이블 위에 앉아 있다".split(),
}
EXTRAS = ["😀", "🐱", "👍🏽", "🇫🇷", "№", "℃", "①", "ｆｕｌｌ", "ＷＩＤＴＨ", "１２３", "ｶﾀｶﾅ",
          "ﬁ", "Ⅻ", "x²", "½", "…", "—", "«", "»", "“", "”", "'", "\"", "(", ")", "!", "?",
          "#1", "42", "3.14", "2026-12-05", "e\u0301", "n\u0303", "A\u030a", "<mask>", "http://"]


SYLLABLES = {
    "latin": "ka to ri me sa lo nu pe di fa go ha ju le mo ne pi qu ra si te vu wa xe yo ze an "
             "er in on st th ch sh é è ü ö ä ñ ç".split(),
    "cyrillic": "ка то ри ме са ло ну пе ди ва го жу ле мо не пи ра си те ду за ше ёж ый".split(),
    "greek": "κα το ρι με σα λο νυ πε δι φα γο λε μο νε πι ρα σι τε ζα ξε ψη ωμ".split(),
    "kana": "か き く け こ さ し す せ そ た ち つ て と な に ぬ ね の カ キ ク ケ コ".split(),
}


def pseudo_words(rng, count):
    """Words made of syllables, so that the trainer sees a vocabulary larger than the word lists."""
    out = []
    for _ in range(count):
        syllables = SYLLABLES[rng.choice(list(SYLLABLES))]
        out.append("".join(rng.choice(syllables) for _ in range(rng.randint(1, 4))))
    return out


def corpus(rng, lines):
    WORDS["pseudo"] = pseudo_words(rng, 3000)
    langs = list(WORDS)
    out = []
    for _ in range(lines):
        lang = rng.choice(langs)
        words = [rng.choice(WORDS[lang]) for _ in range(rng.randint(3, 12))]
        for _ in range(rng.randint(0, 2)):
            words.insert(rng.randint(0, len(words)), rng.choice(EXTRAS))
        if rng.random() < 0.3:
            words.insert(rng.randint(0, len(words)), str(rng.randint(0, 99999)))
        if rng.random() < 0.2:
            words[0] = words[0].capitalize()
        out.append(" ".join(words) + rng.choice(["", ".", "!", "?"]))
    return out


MODELS = {
    # the SigLIP-like model: unigram, nmt_nfkc, byte fallback, user-defined symbols
    "unigram-nfkc-bytes": dict(model_type="unigram", vocab_size=1500, normalization_rule_name="nmt_nfkc",
                               byte_fallback=True, character_coverage=0.995,
                               user_defined_symbols=["<mask>", "http://"]),
    # no byte fallback (unknown characters give <unk>, runs merged), identity normaliser that keeps
    # whitespace runs, digits split, a control symbol
    "unigram-identity": dict(model_type="unigram", vocab_size=1000, normalization_rule_name="identity",
                             remove_extra_whitespaces=False, byte_fallback=False, character_coverage=0.99,
                             split_digits=True, control_symbols=["<sep>"], pad_id=3),
    # BPE with byte fallback and without the dummy prefix, as Gemma's tokenizer (SigLIP 2)
    "bpe-nfkc-bytes": dict(model_type="bpe", vocab_size=1500, normalization_rule_name="nfkc",
                           byte_fallback=True, character_coverage=0.995, add_dummy_prefix=False,
                           user_defined_symbols=["<mask>"]),
    # a small character map compiled from RULES: keys of several chars (longest match), replacements
    # with spaces, deletions; small enough to seed the parser's fuzz target
    "unigram-rules": dict(model_type="unigram", vocab_size=300, character_coverage=1.0,
                          normalization_rule_tsv="RULES"),
    # small BPE without byte fallback (unknown runs merged), the space symbol as a suffix
    "bpe-identity-suffix": dict(model_type="bpe", vocab_size=400, normalization_rule_name="identity",
                                treat_whitespace_as_suffix=True, character_coverage=0.98,
                                user_defined_symbols=["<mask>"]),
}

# models made by merging a NormalizerSpec into a trained one (as transformers does for SigLIP): the
# trainers refuse escape_whitespaces=False, but SentencePiece encodes with it
DERIVED = {
    # field 3 (normalizer_spec) holding field 5 (escape_whitespaces) = 0: spaces stay spaces
    "bpe-identity-unescaped": ("bpe-identity-suffix", b"\x1a\x02\x28\x00"),
}

# normalization_rule_tsv lines: source code points TAB replacement code points (none: deletion)
RULES = [("%X" % c, "%X" % (c + 32)) for c in range(0x41, 0x5B)] + [
    ("70 68", "66"),          # ph -> f
    ("74 68", "FE"),          # th -> thorn, and the longer key:
    ("74 68 65", "3B8"),      # the -> theta
    ("26", "20 61 6E 64 20"),  # & -> " and "
    ("200B", ""),             # zero-width space deleted
    ("A0", "20"), ("9", "20"), ("A", "20"), ("3000", "20 20"),
    ("2026", "2E 2E 2E"), ("DF", "73 73"), ("FB01", "66 69"),
]


def test_strings(rng):
    fixed = [
        "", " ", "   ", "\t", "\n", " \t\n ", "a", "A photo of a cat.", "a photo of a cat",
        "  leading and trailing  ", "many     spaces   between", "tabs\tand\nnewlines\r\nhere",
        "ｆｕｌｌ－ｗｉｄｔｈ　ＦＯＲＭＳ １２３", "ﬁne ﬂowers", "café", "cafe\u0301", "Å Å", "①②③ Ⅻ ½",
        "x² + y² = z²", "😀🐱👍🏽🇫🇷", "emoji 😀 in text", "unknown 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 letters", "𓀀𓀁",
        "digits 0123456789 and 3.14159", "punctuation!? (yes), [no]; {maybe}: \"quoted\" 'single'",
        "a<mask>b", "<mask> at start", "see http://example.org now", "</s> and <unk> and <s>",
        "<sep>", "▁already▁escaped", "non\u00a0breaking\u2003em\u3000ideographic",
        "zero\u200bwidth\ufeffjoiner\u200d", "control\u0001\u0007chars", "ΟΔΟΣ ΣΟΦΙΑ Σ", "İstanbul",
        "STRASSE Straße", "東京の猫", "قطة على الطاولة", "एक बिल्ली", "고양이", "ｶﾀｶﾅ ﾊﾟﾝ",
        "\u00ad soft hyphen", "…—«»“”", "a" * 300, "word " * 80,
        # SigLIP's text preparation: special tokens in the text, case, punctuation, U+2581
        "A <UNK> B", "x</s>", "</s>", "  </s>  hi", "<unk>", "hi <unk>", "Hello, World!", "don't stop",
        "ΣΑΣ ΟΔΟΣ", "İI", "▁", " ▁ ", "...", "a, b; c: d", "Photo   of\ta CAT", "</s></s>",
        # BPE ties between equal pieces (the leftmost pair merges first)
        "lll", "balllll", "aaa bbb ccc ddd eee fff ggg hhh iii lll mmm nnn ooo ppp rrr sss ttt", "ооо иии",
        # the rules model's character map
        "the thing & the phone", "THE PHOTO", "tea&&coffee", "a\u200bb", "Straße ﬁne", "x\u3000\u3000y", "the",
    ]
    alphabet = [c for w in WORDS.values() for c in " ".join(w)] + list("".join(EXTRAS)) \
        + list(string.punctuation) + [" ", " ", "  ", "\t", "\n", "\u3000", "𝔘", "\U0001F600", "\u0301"]
    generated = []
    for _ in range(150):
        lang = rng.choice(list(WORDS))
        words = [rng.choice(WORDS[lang] + EXTRAS) for _ in range(rng.randint(1, 10))]
        seps = [rng.choice([" ", " ", " ", "  ", "\t", "\n", "", "\u3000"]) for _ in words]
        generated.append("".join(w + s for w, s in zip(words, seps)))
    for _ in range(100):
        generated.append("".join(rng.choice(alphabet) for _ in range(rng.randint(1, 40))))
    return fixed + generated


def utf16_offsets(text):
    """UTF-16 offset of each code point offset (the immutable proto's spans count code points)."""
    out = [0]
    for ch in text:
        out.append(out[-1] + (2 if ord(ch) > 0xFFFF else 1))
    return out


def encode_with_spans(sp, text):
    proto = sp.encode(text, out_type="immutable_proto")
    offsets = utf16_offsets(text)
    assert [p.id for p in proto.pieces] == sp.encode(text)
    return {"ids": [p.id for p in proto.pieces],
            "spans": [o for p in proto.pieces for o in (offsets[p.begin], offsets[p.end])]}


# --- transformers' SiglipTokenizer text preparation, re-implemented from its source ---------------

SPIECE_UNDERLINE = "\u2581"


def siglip_ids(model_bytes, text, max_length=64, do_lower_case=True):
    return siglip_encode(siglip_processor(model_bytes), text, max_length, do_lower_case)


def siglip_processor(model_bytes):
    # SiglipTokenizer.get_spm_processor: normalizer_spec.MergeFrom(add_dummy_prefix=False); appending
    # an occurrence of field 3 (normalizer_spec) holding field 3 (add_dummy_prefix) = 0 is that merge
    sp = spm.SentencePieceProcessor()
    sp.LoadFromSerializedProto(model_bytes + b"\x1a\x02\x18\x00")
    return sp


def siglip_encode(sp, text, max_length=64, do_lower_case=True):
    """SiglipTokenizer's ids of `text` over `sp` (siglip_processor's), padded to max_length."""
    unk, eos, pad = "<unk>", "</s>", "</s>"
    specials = [eos, unk]
    # SiglipTokenizer.tokenize
    text = SPIECE_UNDERLINE + text.replace(SPIECE_UNDERLINE, " ")
    # PreTrainedTokenizer.tokenize: lower-case everything but special tokens, one char at a time
    if do_lower_case:
        pattern = r"(" + r"|".join(re.escape(s) for s in specials) + r")|" + r"(.+?)"
        text = re.sub(pattern, lambda m: m.groups()[0] or m.groups()[1].lower(), text)
    # tokens_trie.split: cut at each special token (no special token is a prefix of another)
    chunks = re.split("(" + "|".join(re.escape(s) for s in specials) + ")", text)
    chunks = [c for c in chunks if c != ""]
    for i, c in enumerate(chunks):
        if c in specials:  # AddedToken(lstrip=True, rstrip=True)
            if i + 1 < len(chunks) and chunks[i + 1] not in specials:
                chunks[i + 1] = chunks[i + 1].lstrip()
            if i > 0 and chunks[i - 1] not in specials:
                chunks[i - 1] = chunks[i - 1].rstrip()
    unk_token_length = len(sp.encode(unk, out_type=str))
    tokens = []
    for c in chunks:
        if not c:
            continue
        if c in specials:
            tokens.append(c)
            continue
        # _tokenize: canonicalize_text, then encode behind "<unk>" and drop its pieces
        c = c.translate(str.maketrans("", "", string.punctuation))
        c = re.sub(r"\s+", " ", c).strip()
        pieces = sp.encode(unk + c, out_type=str)
        tokens.extend(pieces[unk_token_length:] if len(pieces) >= unk_token_length else pieces)
    if len(tokens) > 1 and tokens[0] == SPIECE_UNDERLINE and tokens[1] in specials:
        tokens = tokens[1:]
    ids = [sp.piece_to_id(t) for t in tokens]
    eos_id = sp.piece_to_id(eos)
    if len(ids) + 1 > max_length:  # truncation=True: the sequence loses its tail
        ids = ids[:max_length - 1]
    if not ids or ids[-1] != eos_id:  # _add_eos_if_not_present
        ids = ids + [eos_id]
    return ids + [sp.piece_to_id(pad)] * (max_length - len(ids))


def main():
    out_dir = sys.argv[1]
    os.makedirs(out_dir, exist_ok=True)
    rng = random.Random(SEED)
    lines = corpus(rng, 4000)
    out_dir = os.path.abspath(out_dir)
    with tempfile.TemporaryDirectory() as tmp:
        # relative paths and an in-memory corpus: the trainer records them in the model, which
        # then has the same bytes on every run
        os.chdir(tmp)
        with open("rules.tsv", "w", encoding="utf-8") as f:
            f.write("".join(src + "\t" + trg + "\n" for src, trg in RULES))
        for name, options in MODELS.items():
            options = {k: ("rules.tsv" if v == "RULES" else v) for k, v in options.items()}
            model = io.BytesIO()
            spm.SentencePieceTrainer.train(sentence_iterator=iter(lines), model_writer=model,
                                           num_threads=1, seed_sentencepiece_size=100000,
                                           shuffle_input_sentence=False, minloglevel=2, **options)
            with open(os.path.join(out_dir, name + ".model"), "wb") as f:
                f.write(model.getvalue())
        for name, (base, merge) in DERIVED.items():
            with open(os.path.join(out_dir, base + ".model"), "rb") as f:
                base_bytes = f.read()
            with open(os.path.join(out_dir, name + ".model"), "wb") as f:
                f.write(base_bytes + merge)
    strings = test_strings(random.Random(SEED + 1))
    models = {}
    for name in list(MODELS) + list(DERIVED):
        path = os.path.join(out_dir, name + ".model")
        sp = spm.SentencePieceProcessor(model_file=path)
        with open(path, "rb") as f:
            model_bytes = f.read()
        cases = [encode_with_spans(sp, s) for s in strings]
        entry = {"pieces": sp.get_piece_size(), "cases": cases}
        if name == "unigram-nfkc-bytes":
            entry["siglip"] = [{"ids": siglip_ids(model_bytes, s)} for s in strings]
            entry["siglip_cased"] = [{"ids": siglip_ids(model_bytes, s, max_length=16, do_lower_case=False)}
                                     for s in strings]
        models[name] = entry
    doc = {"generator": "tools/sentencepiece/generate.py", "sentencepiece": spm.__version__,
           "strings": [{"text": s} for s in strings], "models": models}
    with open(os.path.join(out_dir, "sentencepiece-cases.json"), "w", encoding="utf-8") as f:
        f.write(json_lines(doc, 0) + "\n")


def json_lines(value, depth):
    """JSON with one test case a line: lists of objects are broken into lines, the rest is compact."""
    if isinstance(value, dict) and depth < 3:
        inner = ",\n".join(json.dumps(k) + ": " + json_lines(v, depth + 1) for k, v in value.items())
        return "{\n" + inner + "\n}"
    if isinstance(value, list) and value and isinstance(value[0], dict):
        return "[\n" + ",\n".join(json.dumps(v, ensure_ascii=True, separators=(",", ":")) for v in value) + "\n]"
    return json.dumps(value, ensure_ascii=True, separators=(",", ":"))


if __name__ == "__main__":
    main()
