// Duet's map painter: a patch map over the photo, as duet-report's PNG overlays draw it — a
// Catmull-Rom surface through the patch centres (clamped to the four surrounding centres), laid
// as a colour-to-alpha tint over a grey, slightly faded photo; parts the crop cut away dimmed.
"use strict";

const DuetOverlay = (() => {
  const OPACITY = 0.85;
  const MARGIN_KEEP = 0.5;
  const PHOTO_FADE = 0.25;

  // colormap: 257 packed RGB samples from -1 to +1
  function colourAt(colormap, t) {
    const position = (Math.max(-1, Math.min(1, t)) + 1) * 128;
    const rgb = colormap[Math.round(position)];
    return [(rgb >> 16) & 255, (rgb >> 8) & 255, rgb & 255];
  }

  function cssColour(colormap, t) {
    const [r, g, b] = colourAt(colormap, t);
    return "rgb(" + r + "," + g + "," + b + ")";
  }

  function textColourOn(t) {
    return Math.abs(t) > 0.55 ? "#fff" : "#1c2330";
  }

  function limitOf(values) {
    let largest = 0;
    for (const value of values) largest = Math.max(largest, Math.abs(value));
    return largest > 0 ? largest : 1;
  }

  function catmullRom(f) {
    const f2 = f * f;
    const f3 = f2 * f;
    return [(-f3 + 2 * f2 - f) / 2, (3 * f3 - 5 * f2 + 2) / 2, (-3 * f3 + 4 * f2 + f) / 2, (f3 - f2) / 2];
  }

  function surface(map, rows, cols, col, row) {
    const clampRow = (r) => Math.max(0, Math.min(rows - 1, r));
    const clampCol = (c) => Math.max(0, Math.min(cols - 1, c));
    const col0 = Math.floor(col);
    const row0 = Math.floor(row);
    const wx = catmullRom(col - col0);
    const wy = catmullRom(row - row0);
    let sum = 0;
    for (let j = 0; j < 4; j++) {
      const r = clampRow(row0 - 1 + j);
      let line = 0;
      for (let i = 0; i < 4; i++) line += wx[i] * map[r * cols + clampCol(col0 - 1 + i)];
      sum += wy[j] * line;
    }
    // the cubic overshoots next to peaks; keep within the four surrounding centres
    const a = map[clampRow(row0) * cols + clampCol(col0)];
    const b = map[clampRow(row0) * cols + clampCol(col0 + 1)];
    const c = map[clampRow(row0 + 1) * cols + clampCol(col0)];
    const d = map[clampRow(row0 + 1) * cols + clampCol(col0 + 1)];
    return Math.max(Math.min(a, b, c, d), Math.min(Math.max(a, b, c, d), sum));
  }

  // Paints the map over the photo's pixels (an ImageData at the canvas's size); returns the scale's limit.
  function paint(canvas, photoPixels, map, g, colormap, neutral) {
    const width = canvas.width;
    const height = canvas.height;
    const photo = photoPixels.data;
    const out = new ImageData(width, height);
    const data = out.data;
    const limit = limitOf(map);
    const neutralRgb = [(neutral >> 16) & 255, (neutral >> 8) & 255, neutral & 255];
    const toOriginalX = g.originalWidth / width;
    const toOriginalY = g.originalHeight / height;
    const gridRight = g.cols * g.patchSize;
    const gridBottom = g.rows * g.patchSize;
    for (let y = 0; y < height; y++) {
      const cropY = ((y + 0.5) * toOriginalY * g.resizedHeight) / g.originalHeight - g.cropY;
      const row = cropY / g.patchSize - 0.5;
      for (let x = 0; x < width; x++) {
        const i = (y * width + x) * 4;
        const cropX = ((x + 0.5) * toOriginalX * g.resizedWidth) / g.originalWidth - g.cropX;
        const r = photo[i];
        const gr = photo[i + 1];
        const b = photo[i + 2];
        data[i + 3] = 255;
        if (cropX < 0 || cropY < 0 || cropX >= gridRight || cropY >= gridBottom) {
          data[i] = r * MARGIN_KEEP;
          data[i + 1] = gr * MARGIN_KEEP;
          data[i + 2] = b * MARGIN_KEEP;
          continue;
        }
        const grey = 0.299 * r + 0.587 * gr + 0.114 * b;
        const under = grey + (255 - grey) * PHOTO_FADE;
        const t = surface(map, g.rows, g.cols, cropX / g.patchSize - 0.5, row) / limit;
        const colour = colourAt(colormap, t);
        // colour to alpha: the colour is a pure colour laid over the neutral with some coverage
        let coverage = 0;
        for (let k = 0; k < 3; k++) {
          const n = neutralRgb[k];
          const c = colour[k];
          coverage = Math.max(coverage, c < n ? (n - c) / n : (c - n) / Math.max(1, 255 - n));
        }
        for (let k = 0; k < 3; k++) {
          if (coverage === 0) {
            data[i + k] = under;
            continue;
          }
          const n = neutralRgb[k];
          const pure = Math.max(0, Math.min(255, n + (colour[k] - n) / coverage));
          data[i + k] = under + (pure - under) * coverage * OPACITY;
        }
      }
    }
    canvas.getContext("2d").putImageData(out, 0, 0);
    return limit;
  }

  function paintColourBar(canvas, limit, colormap) {
    const context = canvas.getContext("2d");
    const width = canvas.width;
    const pad = 34;
    const barWidth = width - 2 * pad;
    context.clearRect(0, 0, width, canvas.height);
    for (let x = 0; x < barWidth; x++) {
      context.fillStyle = cssColour(colormap, -1 + (2 * (x + 0.5)) / barWidth);
      context.fillRect(pad + x, 2, 1, 12);
    }
    context.strokeStyle = "#c3c9d3";
    context.strokeRect(pad + 0.5, 2.5, barWidth - 1, 11);
    context.fillStyle = "#1c2330";
    context.font = "12px system-ui, sans-serif";
    context.textAlign = "center";
    const scale = tickScale(limit);
    const ticks = [-1, -0.5, 0, 0.5, 1];
    for (const tick of ticks) {
      const x = pad + ((tick + 1) / 2) * barWidth;
      context.fillRect(Math.round(x), 14, 1, 4);
      const value = (tick * limit) / scale.factor;
      const text = tick === 0 ? "0" : (value > 0 ? "+" : "") + value.toFixed(scale.decimals).replace("-", "\u2212");
      context.fillText(text, x, 30);
    }
    context.fillStyle = "#5f6878";
    context.textAlign = "left";
    context.fillText("\u2190 lowers", pad, 44);
    context.textAlign = "right";
    context.fillText("raises \u2192", pad + barWidth, 44);
    context.textAlign = "center";
    context.fillText("contribution to similarity" + scale.suffix, width / 2, 44);
  }

  // Tick values share one power of ten, written once in the caption (as the PNG colour bars do).
  function tickScale(limit) {
    const exponent = Math.floor(Math.log10(limit));
    if (exponent >= -2 && exponent < 3) {
      return { factor: 1, decimals: Math.max(0, 2 - exponent), suffix: "" };
    }
    const superscript = String(exponent).replace("-", "\u207b")
      .replace(/[0-9]/g, (d) => "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079"[Number(d)]);
    return { factor: Math.pow(10, exponent), decimals: 2, suffix: " (\u00d710" + superscript + ")" };
  }

  return { colourAt, cssColour, textColourOn, limitOf, paint, paintColourBar };
})();
