# Copyright 2026 the Duet authors
# SPDX-License-Identifier: Apache-2.0
"""The paper's side of `./benchmark.sh rn50-peer`: the exCLIP explainer (lucasmllr/exCLIP's
exclip/explanation.py, OpenAIExplainer) on OpenAI's CLIP model code (openai/CLIP's clip/model.py),
both taken from checkouts named by EXCLIP_DIR and CLIP_DIR at run time. Only those two files are
imported, by path: the packages' __init__ modules pull in open_clip, torchvision and ftfy, which
neither the model nor the explainer uses (the caption's ids come from Duet's tokenizer instead).

  rn50-peer.py checkpoint OUT_DIR TOKENIZER_DIR SHAPE
      a random CLIP of SHAPE (rn50: image 224, stages [3, 4, 6, 3], width 64, embed 1024, text 512
      wide, 8 heads, 12 layers; small: the same code path at image 64, stages [1, 1, 1, 1], width 16,
      embed 128, text 128 wide, 2 heads, 2 layers) built by clip.model.CLIP, with random batch norms
      whose statistics are those of smooth random images and the zero image, every value rounded to float16 (build_model converts the convolutions and linear layers to
      float16, so rounding first keeps the float32 file and the model CPU runs equal), written as
      OUT_DIR/open_clip_model.safetensors (the state dict's own names, which are open_clip's) with
      OUT_DIR/open_clip_config.json and the tokenizer's vocab.json and merges.txt, for Duet
  rn50-peer.py explain MODEL_DIR INPUTS_DIR
      build_model on that state dict, then OpenAIExplainer.explain once at the input of the last text
      block and of visual.layer4 with N = 10 on INPUTS_DIR/ids.txt and pixels.f32 (written by
      ResNetPeerBenchmark inputs); prints `explain SECONDS` and `peak-rss-mib MIB` and writes the
      attributions [tokens][H][W] to INPUTS_DIR/exclip-attributions.f32 (float32 little-endian)
  rn50-peer.py float64 MODEL_DIR INPUTS_DIR
      the same attributions in float64 by code of its own on openai/CLIP's model (U by forward mode
      over the caption's rows, then each row of U pulled back through layer4 and the attention pool
      at every node), how far they move when the state entering layer4 moves by 1e-7, 1e-6 and 1e-5
      of itself, and the largest difference of exclip-attributions.f32 and of duet-attributions.f32
      from them, all over their largest |A|
"""
import importlib.util
import json
import os
import resource
import shutil
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "tools", "references"))
from peers import read_safetensors  # noqa: E402  (float32 safetensors without the safetensors package)
from siglip import write_safetensors  # noqa: E402

# image size, stages, stem width, embedding width, text width, text layers (heads = width / 64, as build_model)
SHAPES = {
    "rn50": (224, (3, 4, 6, 3), 64, 1024, 512, 12),
    "small": (64, (1, 1, 1, 1), 16, 128, 128, 2),
}
CONTEXT = 77
VOCABULARY = 49408
RIEMANN_NODES = 10
CALIBRATION_IMAGES = 8
IMAGE_STAGE = 4  # the explainer hooks the input of visual.layer4


def load_file(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def clip_model():
    return load_file("clip_model", os.path.join(os.environ["CLIP_DIR"], "clip", "model.py"))


def checkpoint(out, tokenizer, shape):
    image, stages, width, embed, text_width, text_layers = SHAPES[shape]
    torch.manual_seed(13)
    model = clip_model().CLIP(embed, image, stages, width, None, CONTEXT, VOCABULARY, text_width, text_width // 64,
                              text_layers)
    # CLIP zeroes every bn3 gain and leaves running statistics at 0 and 1, which with PyTorch's
    # convolution initialisation shrinks the image's signal below the batch norms' biases: every image
    # would get the same embedding. Random gains and biases, then statistics measured on calibration
    # images (a cumulative average over one batch in training mode) keep each map near unit scale.
    # The calibration images are smooth (random 8 x 8 colour fields, bilinearly enlarged) and one is
    # the zero image, the explainer's reference: statistics of white noise, whose convolution responses
    # a photograph's do not resemble, let a photograph's maps grow about tenfold per stage (raw
    # embedding entries in the hundreds, attention-pooling logits in the thousands), and the path
    # integral then has a near-discontinuity that no float32 implementation resolves alike. The bn3
    # gains are small (0.1-0.2), as CLIP's zeroed bn3 intends, so that each bottleneck adds a little to
    # its stage's sum instead of doubling it.
    for name, module in model.named_modules():
        if isinstance(module, torch.nn.BatchNorm2d):
            module.weight.data.uniform_(0.1, 0.2) if name.endswith("bn3") else module.weight.data.uniform_(0.5, 1.0)
            module.bias.data.normal_(0, 0.1)
            module.reset_running_stats()
            module.momentum = None
    calibration = torch.nn.functional.interpolate(torch.randn(CALIBRATION_IMAGES, 3, 8, 8), size=(image, image),
                                                  mode="bilinear", align_corners=False)
    calibration[0] = 0
    model.visual.train()
    with torch.no_grad():
        model.visual(calibration)
    model.visual.eval()
    state = {name: value.half().float() for name, value in model.state_dict().items()}
    os.makedirs(out, exist_ok=True)
    write_safetensors(os.path.join(out, "open_clip_model.safetensors"), state)
    config = {"model_cfg": {"embed_dim": embed, "quick_gelu": True,
                            "vision_cfg": {"layers": list(stages), "width": width, "image_size": image, "head_width": 64},
                            "text_cfg": {"context_length": CONTEXT, "vocab_size": VOCABULARY, "width": text_width,
                                         "heads": text_width // 64, "layers": text_layers}}}
    with open(os.path.join(out, "open_clip_config.json"), "w") as f:
        json.dump(config, f, indent=2)
    for name in ("vocab.json", "merges.txt"):
        shutil.copyfile(os.path.join(tokenizer, name), os.path.join(out, name))
    print("wrote", out)


def explain(model_dir, inputs):
    state = read_safetensors(os.path.join(model_dir, "open_clip_model.safetensors"))
    # build_model converts to float16 for GPUs; clip.load does .float() on the CPU
    model = clip_model().build_model(state).float().eval()
    explanation = load_file("exclip_explanation", os.path.join(os.environ["EXCLIP_DIR"], "exclip", "explanation.py"))
    image_size = model.visual.input_resolution
    explainer = explanation.OpenAIExplainer(model, image_dim=image_size, device=torch.device("cpu"))
    with open(os.path.join(inputs, "ids.txt")) as f:
        ids = [int(token) for token in f.read().split()]
    text = torch.zeros(1, CONTEXT, dtype=torch.long)
    text[0, :len(ids)] = torch.tensor(ids)  # zero padding, as clip.tokenize
    pixels = torch.from_numpy(np.fromfile(os.path.join(inputs, "pixels.f32"), dtype="<f4").copy())
    pixels = pixels.reshape(1, 3, image_size, image_size)
    start = time.perf_counter()
    attributions = explainer.explain(text, pixels, text_layer=len(model.transformer.resblocks) - 1,
                                     image_layer=IMAGE_STAGE, N=RIEMANN_NODES)
    seconds = time.perf_counter() - start
    attributions.numpy().astype("<f4").tofile(os.path.join(inputs, "exclip-attributions.f32"))
    print(f"explain {seconds:.3f}")
    print(f"attributions {'x'.join(str(n) for n in attributions.shape)}")
    print(f"peak-rss-mib {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f}")


def float64(model_dir, inputs):
    """Riemann-10 right-point attributions (the paper's rule, normalisation and references) in float64:
    A[i][j] = sum_k U[i][k] V[j][k] / (|e_text| |e_image|) with U[i] the mean over nodes of J_text(p) applied
    to row i of x - r (forward mode; rows up to EOS: the text tower is causal) and V never formed: row i of
    U is pulled back through the image's layer4 and attention pool at each node and dotted with y - r."""
    torch.set_default_dtype(torch.float64)
    state = read_safetensors(os.path.join(model_dir, "open_clip_model.safetensors"))
    code = clip_model()
    code.LayerNorm.forward = torch.nn.LayerNorm.forward   # CLIP's own runs in float32 (for float16 weights)
    model = code.build_model(state).double().eval()
    size = model.visual.input_resolution
    with open(os.path.join(inputs, "ids.txt")) as f:
        ids = [int(token) for token in f.read().split()]
    eos = len(ids) - 1
    caption = torch.zeros(1, CONTEXT, dtype=torch.long)
    caption[0, :len(ids)] = torch.tensor(ids)
    reference = torch.zeros(1, CONTEXT, dtype=torch.long)
    reference[0, 0], reference[0, 2] = 49406, 49407
    nodes = torch.arange(RIEMANN_NODES, 0, -1, dtype=torch.float64) / RIEMANN_NODES   # 1, 0.9, ..., 0.1

    blocks = model.transformer.resblocks
    last = blocks[len(blocks) - 1]
    with torch.no_grad():
        def below_last(tokens):   # [1][77][512] state entering the last block
            x = model.token_embedding(tokens) + model.positional_embedding
            x = x.permute(1, 0, 2)
            for block in list(blocks)[:-1]:
                x = block(x)
            return x.permute(1, 0, 2)
        x_text = below_last(caption)[0, :eos + 1]
        r_text = below_last(reference)[0, :eos + 1]
    last.attn_mask = last.attn_mask[:eos + 1, :eos + 1]   # causal: rows after EOS never reach it

    def text_embedding(states):   # [B][rows][512] -> [B][1024], read at EOS
        y = last(states.permute(1, 0, 2)).permute(1, 0, 2)
        return model.ln_final(y[:, eos]) @ model.text_projection

    delta_text = x_text - r_text
    points = r_text + nodes[:, None, None] * delta_text   # [nodes][rows][512]
    rows_of_u = []
    for i in range(eos + 1):   # forward mode: the tangent of row i's share of x - r, averaged over the nodes
        direction = torch.zeros_like(points)
        direction[:, i] = delta_text[i]
        _, tangent = torch.autograd.functional.jvp(text_embedding, points, direction)
        rows_of_u.append(tangent.mean(dim=0))
    u = torch.stack(rows_of_u)   # [rows][1024]
    with torch.no_grad():
        e_text = text_embedding(x_text[None])[0]

    features = {}
    hook = model.visual.layer4.register_forward_pre_hook(lambda module, inputs_: features.update(x=inputs_[0]))
    pixels = torch.from_numpy(np.fromfile(os.path.join(inputs, "pixels.f32"), dtype="<f4").astype(np.float64))
    with torch.no_grad():
        e_image = model.visual(pixels.reshape(1, 3, size, size))[0]
        y = features["x"][0]
        model.visual(torch.zeros(1, 3, size, size))
        r_image = features["x"][0]
    hook.remove()

    def image_attributions(state):   # [rows][H][W] for the image state `state` entering layer4
        delta_image = state - r_image   # [C][H][W]
        image_points = (r_image + nodes[:, None, None, None] * delta_image).requires_grad_(True)
        image_embeddings = model.visual.attnpool(model.visual.layer4(image_points))   # [nodes][1024]
        rows = []
        for i in range(eos + 1):
            (pulled,) = torch.autograd.grad(image_embeddings @ u[i], image_points,
                                            grad_outputs=torch.ones(RIEMANN_NODES), retain_graph=True)
            rows.append((pulled.mean(dim=0) * delta_image).sum(dim=0))
        return (torch.stack(rows) / e_text.norm() / e_image.norm()).detach().numpy()

    print(f"float64 raw-embedding-norms text {e_text.norm():.4g} image {e_image.norm():.4g}"
          f" layer4-input-std image {y.std():.4g} reference {r_image.std():.4g}")
    attributions = image_attributions(y)
    largest = np.abs(attributions).max()
    print(f"float64 attributions {'x'.join(str(n) for n in attributions.shape)} largest-magnitude {largest:.4e}")
    # how far the attributions move when the state entering layer4 moves by float32-sized amounts: the
    # ReLUs' derivatives jump where a pre-activation crosses zero, so ten fixed nodes see a few units flip
    generator = torch.Generator().manual_seed(1)
    for relative in (1e-7, 1e-6, 1e-5):
        moved = image_attributions(y * (1 + relative * torch.randn(y.shape, generator=generator)))
        print(f"float64 state-moved-by {relative:.0e} difference {np.abs(moved - attributions).max() / largest:.3e}")
    for name in ("exclip", "duet"):
        path = os.path.join(inputs, f"{name}-attributions.f32")
        if os.path.exists(path):
            other = np.fromfile(path, dtype="<f4").reshape(attributions.shape)
            print(f"{name} difference-from-float64 {np.abs(other - attributions).max() / largest:.3e}")


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "checkpoint" and sys.argv[4] in SHAPES:
        checkpoint(sys.argv[2], sys.argv[3], sys.argv[4])
    elif len(sys.argv) == 4 and sys.argv[1] == "explain":
        explain(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 4 and sys.argv[1] == "float64":
        float64(sys.argv[2], sys.argv[3])
    else:
        sys.exit("usage: rn50-peer.py checkpoint OUT_DIR TOKENIZER_DIR rn50|small | explain MODEL_DIR INPUTS_DIR"
                 " | float64 MODEL_DIR INPUTS_DIR")
