# Copyright 2026 the Duet authors
# SPDX-License-Identifier: Apache-2.0
"""Reference outputs of BERT's WordPiece tokenizer, for Duet's WordPieceTokenizer golden test.

Written from reading Google's tokenization.py (BasicTokenizer, WordpieceTokenizer) in the BERT
repository, with the settings transformers' BertTokenizer adds on top of it:
 - literal special tokens ([CLS], [SEP], [PAD], [MASK], [UNK]) in the raw text are cut out first
   and become their own ids (transformers matches them before any normalisation);
 - each other part: drop U+0000, U+FFFD and control/format chars (Cc, Cf but tab, newline and
   carriage return), whitespace (space, tab, newline, carriage return, Zs) becomes a space; a space
   around each CJK ideograph (tokenize_chinese_chars); split on Python's str.split(); with
   do_lower_case, str.lower() of each word; with strip_accents (by default what do_lower_case
   says), NFD and every Mn char dropped; each punctuation char (ASCII non-alphanumerics and every P*
   category) its own word;
 - greedy longest-match-first WordPiece per word over code points, "##" in front of every piece
   but the first, the whole word one [UNK] when a piece cannot be matched or when the word has
   more than max_input_chars_per_word (100, transformers' default) code points;
 - [CLS] pieces [SEP], the pieces cut to context_length - 2 (truncation=True).

Beyond the original, every char carries the range of the input it came from, so each token gets
[start, end) offsets in UTF-16 units of the caller's string: the union of its chars' ranges, a
literal special token's own range, the empty range at 0 for [CLS] and at the end for [SEP].

Writes the vocabulary (vocab.txt, generated from the strings with a fixed seed so that some words
are whole pieces, some split and some unknown) and wordpiece-cases.json: the strings and, per
option set, each string's ids and offsets.

Run: /usr/bin/python3 tools/references/wordpiece.py duet-core/src/test/resources/dev/duet/tokenizer/wordpiece
"""
import json
import os
import random
import sys
import unicodedata

SPECIALS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
MAX_WORD_CHARS = 100

CJK_RANGES = [(0x4E00, 0x9FFF), (0x3400, 0x4DBF), (0x20000, 0x2A6DF), (0x2A700, 0x2B73F),
              (0x2B740, 0x2B81F), (0x2B820, 0x2CEAF), (0xF900, 0xFAFF), (0x2F800, 0x2FA1F)]


def utf16_length(s):
    return len(s.encode("utf-16-le")) // 2


def is_cjk(cp):
    return any(lo <= cp <= hi for lo, hi in CJK_RANGES)


def is_whitespace(ch):
    return ch in " \t\n\r" or unicodedata.category(ch) == "Zs"


def is_control(ch):
    if ch in "\t\n\r":
        return False
    return unicodedata.category(ch) in ("Cc", "Cf")


def is_punctuation(ch):
    cp = ord(ch)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


class Chars:
    """A string as (char, start, end) triples: each char with the UTF-16 range of the input it came from."""

    def __init__(self, items):
        self.items = items

    @staticmethod
    def of(text, base):
        items = []
        at = base
        for ch in text:
            width = utf16_length(ch)
            items.append((ch, at, at + width))
            at += width
        return Chars(items)

    def map(self, function):
        """Replaces each char c by function(c), a string whose chars all keep c's range."""
        out = []
        for ch, start, end in self.items:
            for new in function(ch):
                out.append((new, start, end))
        return Chars(out)

    def text(self):
        return "".join(ch for ch, _, _ in self.items)


def clean(chars):
    def step(ch):
        if ord(ch) == 0 or ord(ch) == 0xFFFD or is_control(ch):
            return ""
        return " " if is_whitespace(ch) else ch
    return chars.map(step)


def space_cjk(chars):
    return chars.map(lambda ch: " " + ch + " " if is_cjk(ord(ch)) else ch)


def split_words(chars):
    """Python's str.split(): runs of non-whitespace (str.isspace) chars."""
    words = []
    current = []
    for item in chars.items:
        if item[0].isspace():
            if current:
                words.append(Chars(current))
                current = []
        else:
            current.append(item)
    if current:
        words.append(Chars(current))
    return words


def lower_word(word):
    """str.lower() of the whole word (the final-sigma rule looks at neighbours), ranges kept per char.

    Python lowers char by char except for the final sigma; a char's lower-case form is its own
    lower() unless it is a capital sigma, whose form depends on the word around it.
    """
    text = word.text()
    lowered = text.lower()
    out = []
    position = 0
    for ch, start, end in word.items:
        single = ch.lower()
        if ch == "\u03a3":
            single = lowered[position]
        assert lowered[position:position + len(single)] == single, (text, ch)
        for new in single:
            out.append((new, start, end))
        position += len(single)
    assert position == len(lowered)
    return Chars(out)


def strip_accents(word):
    def step(ch):
        return "".join(c for c in unicodedata.normalize("NFD", ch) if unicodedata.category(c) != "Mn")
    return word.map(step)


def split_punctuation(word):
    out = []
    current = []
    for item in word.items:
        if is_punctuation(item[0]):
            if current:
                out.append(Chars(current))
                current = []
            out.append(Chars([item]))
        else:
            current.append(item)
    if current:
        out.append(Chars(current))
    return out


def basic_tokenize(chars, lower_case, accents, cjk):
    chars = clean(chars)
    if cjk:
        chars = space_cjk(chars)
    words = []
    for word in split_words(chars):
        if lower_case:
            word = lower_word(word)
        if accents:
            word = strip_accents(word)
        # stripping may leave a word empty or with spaces (a lone mark), so split again
        for part in split_punctuation(word):
            words.extend(split_words(part))
    return words


def wordpiece(word, vocab):
    """[(piece, start, end)] of one word."""
    items = word.items
    start_all = min(s for _, s, _ in items)
    end_all = max(e for _, _, e in items)
    if len(items) > MAX_WORD_CHARS:
        return [("[UNK]", start_all, end_all)]
    pieces = []
    begin = 0
    while begin < len(items):
        finish = len(items)
        found = None
        while begin < finish:
            candidate = "".join(ch for ch, _, _ in items[begin:finish])
            if begin > 0:
                candidate = "##" + candidate
            if candidate in vocab:
                found = candidate
                break
            finish -= 1
        if found is None:
            return [("[UNK]", start_all, end_all)]
        span = items[begin:finish]
        pieces.append((found, min(s for _, s, _ in span), max(e for _, _, e in span)))
        begin = finish
    return pieces


def split_specials(text):
    """[(part, utf16 start, is_special)]: the text cut at the literal special tokens, leftmost first."""
    parts = []
    i = 0
    from_index = 0
    while i < len(text):
        special = next((s for s in SPECIALS if text.startswith(s, i)), None)
        if special is None:
            i += 1
            continue
        if i > from_index:
            parts.append((text[from_index:i], utf16_length(text[:from_index]), False))
        parts.append((special, utf16_length(text[:i]), True))
        i += len(special)
        from_index = i
    if from_index < len(text):
        parts.append((text[from_index:], utf16_length(text[:from_index]), False))
    return parts


def tokenize(text, vocab, lower_case, accents, cjk, context_length):
    """[(piece, start, end)] including [CLS] and [SEP]."""
    pieces = []
    for part, base, special in split_specials(text):
        if special:
            pieces.append((part, base, base + utf16_length(part)))
            continue
        for word in basic_tokenize(Chars.of(part, base), lower_case, accents, cjk):
            pieces.extend(wordpiece(word, vocab))
    pieces = pieces[:context_length - 2]
    end = utf16_length(text)
    return [("[CLS]", 0, 0)] + pieces + [("[SEP]", end, end)]


HAND_WRITTEN = [
    "", " ", "\t\n\r", "Hello, world!", "hello world", "HELLO WORLD", "unaffable", "UNAFFABLE runs",
    "The quick brown fox jumps over the lazy dog.", "a photo of a cat", "A Photo Of A Dog.",
    "Héllo Wörld", "He\u0301llo", "naïve café résumé", "Crème brûlée", "ÀÉÎÕÜ àéîõü", "Ångström",
    "straße STRASSE", "İstanbul ıi", "ΟΔΟΣ Σ ΣΑΣ σς", "ﬁne ﬂow", "ǅemal", "ǆ ǈ ǋ",
    "你好世界", "我爱 北京天安门。", "漢字かなカナ", "한국어 텍스트", "日本語のテキスト", "\U00020000\U0002A700\uF900",
    "中文mixed英文", "ＡＢＣ　全角", "😀 emoji 🎉🎉", "👨‍👩‍👧 family", "❤️ love", "🇫🇷 flag", "a😀b",
    "control\x00chars\x07here", "zero\u200bwidth\u200djoiner", "bom\ufeffmark", "bad\ufffdreplacement",
    "soft\u00adhyphen", "vertical\x0btab\x0cfeed", "next\x85line", "line\u2028sep\u2029para",
    "nbsp\u00a0space", "ideographic\u3000space", "en\u2002em\u2003thin\u2009", "\u1680ogham",
    "don't", "e-mail", "U.S.A.", "$100.00", "50%", "a+b=c", "x^2", "`code`", "~tilde~", "{braces}",
    "[brackets]", "(parens)", "<angle>", "#hash", "@user", "a|b", "back\\slash", "under_score",
    "«guillemets»", "„quotes“", "¿Qué?", "¡Hola!", "—dash–", "…ellipsis", "§section", "•bullet",
    "1,234.56", "3.14159", "2024-01-01", "12:30pm", "a1b2c3", "CamelCaseWord", "snake_case_word",
    "[CLS] literal", "a [MASK] b", "[mask] lower", "[SEP][SEP]", "x[UNK]y", "[PAD]", "[CLS",
    "a" * 99, "b" * 100, "c" * 101, "long" * 30, "é" * 101, "e\u0301" * 60,
    "unbelievable unbelievably believe", "playing played player plays", "running runner",
    "\u0301lone mark", " \u0301 ", "\u0300\u0301\u0302", "ab\u0301\u0301c",
    "Devanagari हिन्दी", "Arabic العربية", "Thai ภาษาไทย", "Hebrew עברית", "Cyrillic РУССКИЙ язык",
    "math ∑∫√∞ ≤ ≥", "currency €£¥₹", "arrows →←↑↓", "© ® ™", "½ ¼ ¾", "x² y³", "Ⅻ ⅻ",
    "tab\tseparated\tvalues", "new\nline", "  leading and trailing  ", "multiple     spaces",
]

POOLS = {
    "ascii": "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
    "punct": "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~¡¿«»–—‘’“”…·",
    "accent": "àáâãäåçèéêëìíîïñòóôõöùúûüýÿÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝŸăąćčďęěğıİłńňőœřśşšţťůűźżžΣσςΆΈ",
    "combining": "\u0300\u0301\u0302\u0303\u0308\u0327\u0331",
    "cjk": "你好世界中文字漢日本語大小山川\u3400\u4dbf\uf900\ufa6d",
    "kana": "あいうえおかきくけこアイウエオ한국어",
    "emoji": ["😀", "🎉", "❤️", "👍🏽", "👨‍👩‍👧", "🇫🇷", "\u2764", "\ufe0f"],
    "space": " \t\n\r\u00a0\u3000\u2028\u2029\u2002",
    "control": "\x00\x01\x07\x0b\x0c\x1b\x7f\x85\u200b\u200d\u200e\ufeff\ufffd\u00ad",
}


def random_strings(count, seed):
    rng = random.Random(seed)
    names = list(POOLS)
    out = []
    for _ in range(count):
        chosen = rng.sample(names, rng.randint(1, 4))
        length = rng.randint(1, 40)
        parts = []
        for _ in range(length):
            pool = POOLS[rng.choice(chosen + ["ascii", "space"])]
            parts.append(rng.choice(pool) if isinstance(pool, str) else rng.choice(pool))
        out.append("".join(parts))
    return out


def build_vocab(strings, seed):
    """Specials, then pieces drawn from the strings' words: some whole, some prefixes and suffixes,
    and most single chars with and without "##", so that words split, match whole or are unknown."""
    rng = random.Random(seed)
    pieces = set()
    chars = set()
    for text in strings:
        for lower in (True, False):
            for word in basic_tokenize(Chars.of(text, 0), lower, lower, True):
                w = word.text()
                if rng.random() < 0.3 and len(w) <= 12:
                    pieces.add(w)
                if len(w) > 2 and rng.random() < 0.5:
                    cut = rng.randint(1, len(w) - 1)
                    pieces.add(w[:cut])
                    pieces.add("##" + w[cut:])
                chars.update(w)
    # each distinct char is a piece or not once, so that a missing one makes its words unknown
    for ch in sorted(chars):
        if rng.random() < 0.8:
            pieces.add(ch)
        if rng.random() < 0.8:
            pieces.add("##" + ch)
    for common in ["un", "##aff", "##able", "play", "##ing", "##ed", "##er", "##s", "run", "##ning",
                   "believ", "##e", "##able", "##ably", "hello", "world", "the", "a", "photo", "of"]:
        pieces.add(common)
    pieces -= set(SPECIALS)
    return SPECIALS + sorted(pieces)


OPTION_SETS = {
    # name: (do_lower_case, strip_accents, tokenize_chinese_chars, context_length)
    "uncased": (True, True, True, 512),
    "cased": (False, False, True, 512),
    "lower_keep_accents": (True, False, True, 512),
    "cased_strip_accents": (False, True, True, 512),
    "no_cjk_split": (True, True, False, 512),
    "uncased_16": (True, True, True, 16),
}


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    strings = HAND_WRITTEN + random_strings(260, 13)
    vocab_list = build_vocab(strings, 7)
    with open(os.path.join(out, "vocab.txt"), "w", encoding="utf-8", newline="\n") as f:
        for piece in vocab_list:
            f.write(piece + "\n")
    vocab = {piece: i for i, piece in enumerate(vocab_list)}
    cases = {}
    for name, (lower, accents, cjk, context) in OPTION_SETS.items():
        rows = []
        for text in strings:
            tokens = tokenize(text, vocab, lower, accents, cjk, context)
            rows.append({"ids": [vocab[p] for p, _, _ in tokens],
                         "offsets": [[s, e] for _, s, e in tokens]})
        cases[name] = {"do_lower_case": lower, "strip_accents": accents, "tokenize_chinese_chars": cjk,
                       "context_length": context, "cases": rows}
    with open(os.path.join(out, "wordpiece-cases.json"), "w", encoding="utf-8") as f:
        json.dump({"strings": strings, "options": cases}, f, ensure_ascii=True, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    main()
