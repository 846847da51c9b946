# Copyright 2026 the Duet authors
# SPDX-License-Identifier: Apache-2.0
"""References for Duet's two image preprocessing pipelines (issue 14, part 1).

Writes small test images in every mode PIL opens files in (1, L, P, P with transparency, LA, RGBA,
16-bit grey read as I, RGB, CMYK JPEG, a GIF and a lossless WebP with alpha) and, per image and
target size, the exact float32 tensors of

  openai     OpenAI CLIP's clip._transform(n): Resize(n, BICUBIC), CenterCrop(n), convert("RGB"),
             ToTensor, Normalize -- written from reading openai/CLIP clip/clip.py and torchvision's
             Resize / CenterCrop / ToTensor / Normalize on PIL images;
  open_clip  open_clip's image_transform(n, is_train=False) (resize_mode 'shortest', square size):
             Resize(n), CenterCrop(n), MaybeConvertMode (convert("RGB")), MaybeToTensor, Normalize;
  hf         transformers' CLIPImageProcessor.preprocess: convert_to_rgb, resize of the shortest edge
             (get_resize_output_image_size, PIL resize with reducing_gap None), center_crop
             ((size - crop) // 2, zero padding), rescale (float64 product, cast to float32),
             normalize ((x - mean) / std in float32), channels first.

transformers and torchvision are not installed here: their steps are re-implemented below from
their source, with PIL (Debian python3-pil 9.4.0) and torch doing the arithmetic they do.

Also writes the tiny fixture model's image embeddings of the test images at its 64 px, through a
PyTorch forward of the HF CLIP vision tower written here; it first checks that forward against the
fixture's own embeddings (computed by OpenAI's code) of the six fixture images.

Usage: /usr/bin/python3 tools/preprocessing/make_references.py [SHARED_DIR]
Output: duet-core/src/test/resources/dev/duet/image/pipelines/: the images, references.npz (float32 [3][16][16]
per "openai/FILE" and "hf/FILE"; [3][20][20] per "openai-crop20/FILE" and "hf-crop20/FILE" for a few), references.json (cases, PIL modes, embeddings "PIPELINE/FILE" at 64 px).
"""
import io
import json
import os
import struct
import sys

import numpy as np
import PIL
import torch
from PIL import Image

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "duet-core/src/test/resources/dev/duet/image/pipelines")
SHARED = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(ROOT), "shared")
MEAN = (0.48145466, 0.4578275, 0.40821073)
STD = (0.26862954, 0.26130258, 0.27577711)
SIZE = 16
# 39x23 to 16: long side int(16 * 39 / 23) = 27, excess 11: torchvision's round(5.5) = 6, transformers' 11 // 2 = 5;
# 13x9 is enlarged (bicubic overshoot, clipped in mode I only after the resize)
SHAPES = ((39, 23), (23, 41), (13, 9))
# a crop larger than the resized short side (16 -> crop 20): both pipelines pad, OpenAI's in the image's own mode
PADDED_CROP = 20
PADDED = ("39x23-palette.png", "39x23-cmyk.jpg", "39x23-rgba.png", "39x23-grey16.png", "39x23-bilevel.png")


# ---------------------------------------------------------------- test images

def field(w, h, seed):
    """A smooth field with edges and noise, 0..1, [h][w]."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:h, 0:w].astype(np.float64)
    f = 0.5 + 0.35 * np.sin(x / 3.1 + seed) * np.cos(y / 4.3 - seed)
    f += 0.3 * ((x - w / 3) ** 2 + (y - h / 2) ** 2 < (min(w, h) / 3) ** 2)
    f += 0.12 * rng.standard_normal((h, w))
    return np.clip(f, 0, 1)


def u8(f):
    return (f * 255).round().astype(np.uint8)


def images(w, h):
    """(name, file bytes) per mode for one shape."""
    out = {}

    def save(name, im, fmt, **options):
        buf = io.BytesIO()
        im.save(buf, fmt, **options)
        out[name] = buf.getvalue()

    r, g, b, a = (field(w, h, s) for s in (1, 2, 3, 4))
    rgb = np.stack([u8(r), u8(g), u8(b)], axis=-1)
    save("rgb.png", Image.fromarray(rgb, "RGB"), "PNG")
    save("l.png", Image.fromarray(u8(r), "L"), "PNG")
    bilevel = Image.fromarray(u8(r), "L").convert("1")  # Floyd-Steinberg dither: edges everywhere
    save("bilevel.png", bilevel, "PNG")
    # alpha with fully transparent (0), opaque (255) and partial pixels
    alpha = u8(a)
    alpha[: h // 4, :] = 0
    alpha[:, -w // 5:] = 255
    save("rgba.png", Image.fromarray(np.dstack([rgb, alpha]), "RGBA"), "PNG")
    save("la.png", Image.fromarray(np.dstack([u8(g), alpha]), "LA"), "PNG")
    # a palette of 40 colours, indices from a quantised field
    rng = np.random.default_rng(7)
    colours = rng.integers(0, 256, size=(40, 3), dtype=np.uint8)
    indices = np.minimum((r * 40).astype(np.uint8), 39)
    palette_image = Image.fromarray(indices, "P")
    palette_image.putpalette(colours.flatten().tolist())
    save("palette.png", palette_image, "PNG")
    save("palette-transparency.png", palette_image, "PNG",
         transparency=bytes(int(v) for v in rng.integers(0, 256, size=40)))
    save("palette.gif", palette_image, "GIF")
    # 16-bit grey: values around 255 (clipped only after the resize) and far above
    grey16 = (r * 700).astype(np.uint16)
    grey16[:, : w // 6] = (g[:, : w // 6] * 65535).astype(np.uint16)
    save("grey16.png", Image.fromarray(grey16, "I;16"), "PNG")
    cmyk = Image.fromarray(np.stack([u8(r), u8(g), u8(b), u8(a) // 2], axis=-1), "CMYK")
    save("cmyk.jpg", cmyk, "JPEG", quality=90)
    save("rgba-lossless.webp", Image.fromarray(np.dstack([rgb, alpha]), "RGBA"), "WEBP", lossless=True)
    if h == SHAPES[1][1]:
        return out
    # how other files open: BMP palettes (grey ramp: L; black and white: 1; else P; 32-bit RGBA written
    # without an alpha mask: RGB), a GIF of grey levels (L), 4-bit palettes, tRNS on grey and RGB (ignored)
    save("palette.bmp", palette_image, "BMP")
    save("l.bmp", Image.fromarray(u8(g), "L"), "BMP")
    save("bilevel.bmp", bilevel, "BMP")
    save("rgba.bmp", Image.fromarray(np.dstack([rgb, alpha]), "RGBA"), "BMP")
    save("l.gif", Image.fromarray(u8(b), "L"), "GIF")
    palette16 = Image.fromarray(np.minimum((g * 16).astype(np.uint8), 15), "P")
    palette16.putpalette(colours[:16].flatten().tolist())
    save("palette-4bit.png", palette16, "PNG", bits=4)
    save("l-transparency.png", Image.fromarray(u8(r), "L"), "PNG", transparency=int(u8(r)[0, 0]))
    save("rgb-transparency.png", Image.fromarray(rgb, "RGB"), "PNG", transparency=tuple(int(v) for v in rgb[0, 0]))
    return out


# ---------------------------------------------------------------- the pipelines

def resized_size(w, h, n):
    """torchvision _compute_resized_output_size / transformers get_resize_output_image_size (int(n * long / short))."""
    if w <= h:
        return n, int(n * h / w)
    return int(n * w / h), n


def to_tensor_normalize(rgb_image):
    """torchvision F.to_tensor (uint8 -> float32 / 255) and F.normalize (sub_, div_ by float32 mean, std)."""
    t = torch.from_numpy(np.array(rgb_image, np.uint8, copy=True))
    t = t.view(rgb_image.size[1], rgb_image.size[0], 3).permute((2, 0, 1)).contiguous()
    t = t.to(dtype=torch.float32).div(255)
    mean = torch.as_tensor(MEAN, dtype=torch.float32)
    std = torch.as_tensor(STD, dtype=torch.float32)
    return t.sub_(mean[:, None, None]).div_(std[:, None, None]).numpy()


def torchvision_resize(img, n):
    """F_pil.resize with an int size: an image whose short side is n already is returned as it is."""
    size = resized_size(img.size[0], img.size[1], n)
    if size == img.size:
        return img
    return img.resize(size, Image.BICUBIC)


def torchvision_center_crop(img, n):
    w, h = img.size
    if n > w or n > h:
        pad = [(n - w) // 2 if n > w else 0, (n - h) // 2 if n > h else 0,
               (n - w + 1) // 2 if n > w else 0, (n - h + 1) // 2 if n > h else 0]
        padded = Image.new(img.mode, (w + pad[0] + pad[2], h + pad[1] + pad[3]), 0)
        if img.mode == "P":
            padded.putpalette(img.getpalette())
        padded.paste(img, (pad[0], pad[1]))
        img = padded
        w, h = img.size
        if (w, h) == (n, n):
            return img
    top = int(round((h - n) / 2.0))
    left = int(round((w - n) / 2.0))
    return img.crop((left, top, left + n, top + n))


def openai(img, n, crop=None):
    """clip._transform(n): Resize(n, BICUBIC), CenterCrop(n), _convert_image_to_rgb, ToTensor, Normalize.
    A larger crop (a config whose crop_size exceeds its shortest_edge) pads in the image's own mode first."""
    img = torchvision_center_crop(torchvision_resize(img, n), crop or n)
    return to_tensor_normalize(img.convert("RGB"))


def open_clip(img, n, crop=None):
    """open_clip image_transform(n, is_train=False), resize_mode 'shortest' with a square size: the same steps."""
    img = torchvision_resize(img, n)
    img = torchvision_center_crop(img, crop or n)
    img = img.convert("RGB")  # MaybeConvertMode
    return to_tensor_normalize(img)


def hf(img, n, crop=None):
    """transformers CLIPImageProcessor.preprocess with size {shortest_edge: n}, crop n x n, bicubic."""
    c = crop or n
    if img.mode != "RGB":  # convert_to_rgb
        img = img.convert("RGB")
    array = np.array(img)  # to_numpy_array: uint8 HWC
    w, h = resized_size(array.shape[1], array.shape[0], n)
    array = np.array(Image.fromarray(array).resize((w, h), resample=Image.BICUBIC, reducing_gap=None))
    top, left = (h - c) // 2, (w - c) // 2
    if top < 0 or left < 0:
        new_h, new_w = max(c, h), max(c, w)
        canvas = np.zeros((new_h, new_w, 3), array.dtype)
        top_pad, left_pad = -(-(new_h - h) // 2), -(-(new_w - w) // 2)
        canvas[top_pad:top_pad + h, left_pad:left_pad + w] = array
        array, top, left = canvas, top + top_pad, left + left_pad
    array = array[top:top + c, left:left + c]
    scaled = (array.astype(np.float64) * (1 / 255)).astype(np.float32)  # rescale
    normalised = (scaled - np.array(MEAN, dtype=np.float32)) / np.array(STD, dtype=np.float32)
    return np.ascontiguousarray(normalised.transpose(2, 0, 1))


# ---------------------------------------------------------------- the fixture model's vision tower

def load_safetensors(path):
    with open(path, "rb") as f:
        header_length = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(header_length))
        data = f.read()
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        assert entry["dtype"] == "F32", entry
        start, end = entry["data_offsets"]
        tensors[name] = torch.from_numpy(np.frombuffer(data[start:end], dtype="<f4").copy()).reshape(entry["shape"])
    return tensors


def vision_embedding(weights, config, pixels):
    """HF CLIPVisionModelWithProjection's image_embeds for one [3][n][n] float32 input."""
    v = config["vision_config"]
    p = "vision_model."
    width, heads, patch = v["hidden_size"], v["num_attention_heads"], v["patch_size"]
    x = torch.nn.functional.conv2d(torch.from_numpy(pixels)[None], weights[p + "embeddings.patch_embedding.weight"],
                                   stride=patch)
    x = x.flatten(2).transpose(1, 2)
    x = torch.cat([weights[p + "embeddings.class_embedding"].expand(1, 1, width), x], dim=1)
    x = x + weights[p + "embeddings.position_embedding.weight"][None]

    def norm(t, name):
        return torch.nn.functional.layer_norm(t, (width,), weights[name + ".weight"], weights[name + ".bias"],
                                              v["layer_norm_eps"])

    def linear(t, name):
        return torch.nn.functional.linear(t, weights[name + ".weight"], weights[name + ".bias"])

    x = norm(x, p + "pre_layrnorm")
    rows, head = x.shape[1], width // heads
    for i in range(v["num_hidden_layers"]):
        l = p + f"encoder.layers.{i}."
        r = x
        h = norm(x, l + "layer_norm1")
        q = linear(h, l + "self_attn.q_proj") * head ** -0.5
        k = linear(h, l + "self_attn.k_proj")
        val = linear(h, l + "self_attn.v_proj")
        split = lambda t: t.view(1, rows, heads, head).transpose(1, 2)
        attention = torch.softmax(split(q) @ split(k).transpose(-1, -2), dim=-1) @ split(val)
        x = r + linear(attention.transpose(1, 2).reshape(1, rows, width), l + "self_attn.out_proj")
        r = x
        h = linear(norm(x, l + "layer_norm2"), l + "mlp.fc1")
        h = h * torch.sigmoid(1.702 * h)  # quick_gelu
        x = r + linear(h, l + "mlp.fc2")
    pooled = norm(x[:, 0], p + "post_layernorm")
    return (pooled @ weights["visual_projection.weight"].T)[0].numpy()


def check_forward(weights, config):
    fixture = json.load(open(os.path.join(SHARED, "fixtures/tiny/embeddings.json")))
    worst = 0.0
    for entry, expected in zip(fixture["pixels"], fixture["image_embeddings"]):
        img = Image.open(os.path.join(SHARED, "fixtures/images", entry["image"] + ".png"))
        got = vision_embedding(weights, config, openai(img, 64))
        worst = max(worst, float(np.abs(got - np.array(expected, dtype=np.float32)).max()))
    assert worst < 1e-5, f"the forward written here differs from the fixture's embeddings by {worst}"
    return worst


# ---------------------------------------------------------------- main

def main():
    os.makedirs(OUT, exist_ok=True)
    torch.set_num_threads(1)
    arrays = {}
    cases = []
    for w, h in SHAPES:
        for name, data in images(w, h).items():
            file = f"{w}x{h}-{name}"
            with open(os.path.join(OUT, file), "wb") as f:
                f.write(data)
            mode = Image.open(io.BytesIO(data)).mode
            tensors = {}
            for pipeline, transform in (("openai", openai), ("open_clip", open_clip), ("hf", hf)):
                tensor = transform(Image.open(io.BytesIO(data)), SIZE)
                assert tensor.dtype == np.float32 and tensor.shape == (3, SIZE, SIZE)
                tensors[pipeline] = tensor
            # open_clip's tensors are OpenAI's bit for bit (checked here), so only one of them is stored
            assert np.array_equal(tensors["openai"], tensors["open_clip"]), file
            arrays[f"openai/{file}"] = tensors["openai"]
            arrays[f"hf/{file}"] = tensors["hf"]
            cases.append({"file": file, "pil_mode": mode, "size": SIZE,
                          "openai_equals_hf": bool(np.array_equal(tensors["openai"], tensors["hf"]))})
            if file in PADDED:
                for pipeline, transform in (("openai", openai), ("hf", hf)):
                    tensor = transform(Image.open(io.BytesIO(data)), SIZE, PADDED_CROP)
                    assert tensor.shape == (3, PADDED_CROP, PADDED_CROP)
                    arrays[f"{pipeline}-crop{PADDED_CROP}/{file}"] = tensor
    np.savez_compressed(os.path.join(OUT, "references.npz"), **arrays)

    model = os.path.join(SHARED, "fixtures/models/tiny")
    config = json.load(open(os.path.join(model, "config.json")))
    weights = load_safetensors(os.path.join(model, "model.safetensors"))
    forward_error = check_forward(weights, config)
    embeddings = {}
    for case in cases:
        data = open(os.path.join(OUT, case["file"]), "rb").read()
        for pipeline, transform in (("openai", openai), ("hf", hf)):
            pixels = transform(Image.open(io.BytesIO(data)), config["vision_config"]["image_size"])
            embeddings[f"{pipeline}/{case['file']}"] = [float(v) for v in vision_embedding(weights, config, pixels)]
    manifest = {
        "generator": "tools/preprocessing/make_references.py",
        "pillow": PIL.__version__,
        "torch": torch.__version__,
        "mean": MEAN,
        "std": STD,
        "open_clip": "equal to openai for every case (asserted by the generator), so stored once as openai",
        "cases": cases,
        "padded_crop": PADDED_CROP,
        "padded": PADDED,
        "embeddings_model": "fixtures/models/tiny",
        "forward_max_error_against_fixture": forward_error,
        "embeddings": embeddings,
    }
    with open(os.path.join(OUT, "references.json"), "w") as f:
        json.dump(manifest, f, separators=(",", ":"))
        f.write("\n")
    for case in cases:
        print(case)
    print("forward vs fixture max error", forward_error)


if __name__ == "__main__":
    main()
