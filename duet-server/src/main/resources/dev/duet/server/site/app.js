// Duet's page: explain a caption and an image, then explore the cached explanation. The server
// sends maps as plain numbers; overlay.js paints them over the photo. Under a sentence encoder
// (/api/info's mode "texts") the page explains a pair of texts instead: texts.js.
"use strict";

const PANEL_WIDTH = 600;
const MAX_ASPECT = 1.25;
const MIN_BOX_PIXELS = 4;

const state = {
  info: null,
  imageId: null,
  explanation: null,
  photo: null,          // HTMLImageElement of the current explanation's image
  photoPixels: null,    // ImageData of the photo at canvas size
  scale: 1,             // canvas pixels per original pixel
  map: null,            // current map values [rows * cols]
  selection: null,      // {from, to} token range of the map shown
  box: null,            // [x0, y0, x1, y1] in original pixels
  rendered: 0,
};

const $ = (id) => document.getElementById(id);

function number(value) {
  if (value === 0) return "0";
  const magnitude = Math.abs(value);
  const text = magnitude >= 1e-3 && magnitude < 1e5 ? value.toFixed(4) : value.toExponential(2);
  return text.replaceAll("-", "\u2212");
}

function signed(value) {
  return value > 0 ? "+" + number(value) : number(value);
}

// how the page names the caption rows that are not text, by the server's token kinds
const SPECIAL_LABELS = { bos: "BOS", eos: "EOS", padding: "padding" };

function percent(share) {
  return (100 * share).toFixed(1) + "%";
}

function showError(message) {
  const error = $("error");
  error.textContent = message || "";
  error.hidden = !message;
}

function setStatus(message) {
  $("status").textContent = message;
}

async function api(path, options) {
  const response = await fetch(path, options);
  let body = null;
  try {
    body = await response.json();
  } catch (e) {
    body = null;
  }
  if (!response.ok) {
    throw new Error(body && body.error ? body.error : "the server answered " + response.status);
  }
  return body;
}

// ---- painting ---------------------------------------------------------------------------

const cssColour = (t) => DuetOverlay.cssColour(state.info.colormap, t);
const textColourOn = DuetOverlay.textColourOn;
const limitOf = DuetOverlay.limitOf;

function layoutCanvas() {
  const g = state.explanation.geometry;
  const scale = Math.min(PANEL_WIDTH / g.originalWidth, (MAX_ASPECT * PANEL_WIDTH) / g.originalHeight);
  const width = Math.max(1, Math.round(g.originalWidth * scale));
  const height = Math.max(1, Math.round(g.originalHeight * scale));
  for (const canvas of [$("overlay"), $("marks")]) {
    canvas.width = width;
    canvas.height = height;
  }
  state.scale = width / g.originalWidth;
  const context = $("overlay").getContext("2d", { willReadFrequently: true });
  context.imageSmoothingQuality = "high";
  context.drawImage(state.photo, 0, 0, width, height);
  state.photoPixels = context.getImageData(0, 0, width, height);
  $("colorbar").width = Math.min(width, 440);
}

function paintMap() {
  const canvas = $("overlay");
  const limit = DuetOverlay.paint(canvas, state.photoPixels, state.map, state.explanation.geometry,
    state.info.colormap, state.info.neutral);
  state.rendered += 1;
  canvas.dataset.rendered = String(state.rendered);
  canvas.dataset.selection = state.selection ? state.selection.from + ":" + state.selection.to : "";
  DuetOverlay.paintColourBar($("colorbar"), limit, state.info.colormap);
}

function paintMarks(dragging) {
  const canvas = $("marks");
  const context = canvas.getContext("2d");
  context.clearRect(0, 0, canvas.width, canvas.height);
  const box = dragging || state.box;
  if (!box) return;
  const [x0, y0, x1, y1] = box.map((v) => v * state.scale);
  context.lineJoin = "miter";
  context.strokeStyle = "rgba(255,255,255,0.9)";
  context.lineWidth = 4.5;
  context.strokeRect(x0, y0, x1 - x0, y1 - y0);
  context.strokeStyle = "#1c2330";
  context.lineWidth = 2;
  context.strokeRect(x0, y0, x1 - x0, y1 - y0);
}

// ---- the caption ------------------------------------------------------------------------

// Text tokens with characters of their own, each knowing the word it belongs to; tokens with an
// empty range (tail bytes of a character BPE split) fold into the piece before them.
function pieces(explanation) {
  const list = [];
  for (const token of explanation.tokens) {
    if (token.kind !== "text") continue;
    const last = list[list.length - 1];
    if (token.end > token.start && (!last || token.start >= last.end)) {
      const word = explanation.words.findIndex((w) => token.start >= w.start && token.start < w.end);
      list.push({ start: token.start, end: token.end, tokens: [token.index], word });
    } else if (last) {
      last.tokens.push(token.index);
    }
  }
  return list;
}

function renderCaption() {
  const explanation = state.explanation;
  const container = $("words");
  container.replaceChildren();
  const text = explanation.caption;
  let position = 0;
  let currentWord = null;
  let wordElement = null;
  for (const piece of pieces(explanation)) {
    if (piece.start > position) {
      container.append(document.createTextNode(text.slice(position, piece.start)));
      currentWord = null;
    }
    const span = document.createElement("span");
    span.className = "tok";
    span.textContent = text.slice(piece.start, piece.end);
    span.dataset.tokens = piece.tokens.join(",");
    if (piece.word >= 0) {
      if (currentWord !== piece.word) {
        const word = explanation.words[piece.word];
        wordElement = document.createElement("span");
        wordElement.className = "word";
        wordElement.tabIndex = 0;
        wordElement.dataset.from = String(word.from);
        wordElement.dataset.to = String(word.to);
        wordElement.dataset.word = String(piece.word);
        wordElement.setAttribute("role", "button");
        container.append(wordElement);
        currentWord = piece.word;
      }
      wordElement.append(span);
    } else {
      const from = Math.min(...piece.tokens);
      const to = Math.max(...piece.tokens) + 1;
      const lone = document.createElement("span");
      lone.className = "word";
      lone.tabIndex = 0;
      lone.dataset.from = String(from);
      lone.dataset.to = String(to);
      lone.setAttribute("role", "button");
      lone.append(span);
      container.append(lone);
      currentWord = null;
    }
    position = piece.end;
  }
  if (position < text.length) container.append(document.createTextNode(text.slice(position)));
}

function markSelectedWords() {
  for (const word of $("words").querySelectorAll(".word")) {
    const from = Number(word.dataset.from);
    const to = Number(word.dataset.to);
    const inside = state.selection && from >= state.selection.from && to <= state.selection.to;
    word.classList.toggle("selected", Boolean(inside) && !state.selection.whole);
  }
}

function colourTokens(scores) {
  const textScores = [];
  for (const span of $("words").querySelectorAll(".tok")) {
    let score = 0;
    for (const index of span.dataset.tokens.split(",")) score += scores[Number(index)];
    span.dataset.score = String(score);
    textScores.push(score);
  }
  const limit = limitOf(textScores);
  for (const span of $("words").querySelectorAll(".tok")) {
    const t = Number(span.dataset.score) / limit;
    span.style.backgroundColor = cssColour(t);
    span.style.color = textColourOn(t);
    span.title = signed(Number(span.dataset.score));
  }
  return limit;
}

function clearTokenColours() {
  for (const span of $("words").querySelectorAll(".tok")) {
    span.style.backgroundColor = "";
    span.style.color = "";
    span.removeAttribute("title");
    delete span.dataset.score;
  }
}

function chip(label, score, limit, special) {
  const element = document.createElement("span");
  element.className = special ? "chip special" : "chip";
  const t = score / limit;
  element.style.backgroundColor = cssColour(t);
  element.style.color = textColourOn(t);
  element.dataset.score = String(score);
  const name = document.createElement("span");
  name.textContent = label;
  const value = document.createElement("small");
  value.textContent = signed(score);
  element.append(name, value);
  return element;
}

function showBoxScores(result) {
  const limit = colourTokens(result.scores);
  const explanation = state.explanation;
  const tokens = $("token-scores");
  tokens.replaceChildren();
  for (const span of $("words").querySelectorAll(".tok")) {
    tokens.append(chip(span.textContent, Number(span.dataset.score), limit, false));
  }
  // the rows that are not caption text, one chip per kind: CLIP's BOS and EOS, SigLIP's EOS and padding
  const specials = $("special-scores");
  specials.replaceChildren();
  const sums = new Map();
  for (const token of explanation.tokens) {
    if (token.kind === "text") continue;
    sums.set(token.kind, (sums.get(token.kind) || 0) + result.scores[token.index]);
  }
  for (const [kind, sum] of sums) {
    specials.append(chip(SPECIAL_LABELS[kind], sum, limit, true));
  }
  $("box-scores").hidden = false;
  $("box-scores").dataset.box = result.box.map((v) => v.toFixed(1)).join(",");
}

// ---- requests ---------------------------------------------------------------------------

async function showSpan(from, to, whole) {
  const explanation = state.explanation;
  try {
    const started = performance.now();
    const result = await api("/api/explanations/" + explanation.id + "/map?from=" + from + "&to=" + to);
    if (state.explanation !== explanation) return;
    state.map = result.map;
    state.selection = { from: result.from, to: result.to, whole: Boolean(whole) };
    $("map-kind").textContent = whole ? "map of the whole caption" : "map of";
    $("map-title").textContent = "\u201c" + result.label + "\u201d";
    let min = Infinity;
    let max = -Infinity;
    for (const value of result.map) {
      min = Math.min(min, value);
      max = Math.max(max, value);
    }
    $("map-range").textContent = "min " + signed(min) + " \u00b7 max " + signed(max);
    markSelectedWords();
    paintMap();
    setStatus("map of \u201c" + result.label + "\u201d in " + Math.round(performance.now() - started) + " ms");
    showError("");
  } catch (e) {
    showError(e.message);
  }
}

async function showBox(box) {
  const explanation = state.explanation;
  const query = "x0=" + box[0].toFixed(2) + "&y0=" + box[1].toFixed(2) + "&x1=" + box[2].toFixed(2) + "&y1=" + box[3].toFixed(2);
  try {
    const result = await api("/api/explanations/" + explanation.id + "/box?" + query);
    if (state.explanation !== explanation) return;
    state.box = box;
    paintMarks(null);
    showBoxScores(result);
    showError("");
  } catch (e) {
    showError(e.message);
  }
}

function settings() {
  return {
    textLayer: Number($("text-layer").value),
    imageLayer: Number($("image-layer").value),
    normalization: $("normalization").value,
    quadrature: $("quadrature").value,
    steps: Number($("steps").value),
  };
}

async function explain() {
  const caption = $("caption").value;
  if (!caption.trim()) {
    showError("type a caption");
    return;
  }
  if (!state.imageId) {
    showError("choose an image");
    return;
  }
  const button = $("explain");
  button.disabled = true;
  setStatus("explaining\u2026");
  showError("");
  try {
    const body = Object.assign({ caption, image: state.imageId }, settings());
    const explanation = await api("/api/explain", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    const photo = await loadImage("/api/images/" + explanation.image.id);
    state.explanation = explanation;
    state.photo = photo;
    state.box = null;
    state.selection = null;
    $("result").hidden = false;
    layoutCanvas();
    paintMarks(null);
    renderCaption();
    clearTokenColours();
    $("box-scores").hidden = true;
    showNumbers(explanation);
    await showSpan(explanation.whole.from, explanation.whole.to, true);
    setStatus(explanation.cached ? "explanation from the cache"
      : "explained in " + explanation.seconds.toFixed(2) + " s");
  } catch (e) {
    showError(e.message);
    setStatus("");
  } finally {
    button.disabled = false;
  }
}

function showNumbers(explanation) {
  const c = explanation.completeness;
  $("similarity").textContent = number(explanation.similarity);
  $("target").textContent = number(c.target);
  $("sum").textContent = number(c.sum);
  const relative = c.target === 0 ? 0 : Math.abs(c.error / c.target);
  $("completeness-error").textContent = signed(c.error) + " (" + (relative < 1e-3 ? "<0.1%" : percent(relative)) + ")";
  $("share-cls").textContent = explanation.shares.cls === undefined ? "no CLS row" : percent(explanation.shares.cls);
  $("share-special").textContent = Object.keys(SPECIAL_LABELS).filter((kind) => kind in explanation.shares)
    .map((kind) => SPECIAL_LABELS[kind] + " " + percent(explanation.shares[kind])).join(" \u00b7 ");
  $("probability-stat").hidden = explanation.probability === undefined;
  if (explanation.probability !== undefined) $("probability").textContent = number(explanation.probability);
  $("nodes").textContent = explanation.settings.textNodes + " text, " + explanation.settings.imageNodes + " image";
}

function loadImage(source) {
  return new Promise((resolve, reject) => {
    const image = new Image();
    image.onload = () => resolve(image);
    image.onerror = () => reject(new Error("cannot load the image"));
    image.src = source;
  });
}

async function upload(file) {
  if (!file) return;
  if (file.size > state.info.maxUploadBytes) {
    showError(file.name + " is " + (file.size / 1e6).toFixed(1) + " MB, more than the limit of "
      + (state.info.maxUploadBytes / 1e6).toFixed(0) + " MB");
    return;
  }
  setStatus("uploading " + file.name + "\u2026");
  try {
    const result = await api("/api/images", {
      method: "POST",
      headers: { "Content-Type": "application/octet-stream", "X-File-Name": encodeURIComponent(file.name) },
      body: file,
    });
    addThumb(result, true);
    selectImage(result.id);
    $("upload-hint").textContent = result.name + " \u00b7 " + result.width + "\u00d7" + result.height;
    setStatus("");
    showError("");
    await explain();
  } catch (e) {
    showError(e.message);
    setStatus("");
  }
}

// ---- images -----------------------------------------------------------------------------

function addThumb(image, first) {
  const existing = document.querySelector('.thumb[data-id="' + image.id + '"]');
  if (existing) return;
  const button = document.createElement("button");
  button.type = "button";
  button.className = "thumb";
  button.dataset.id = image.id;
  button.title = image.name + " (" + image.width + "\u00d7" + image.height + ")";
  button.setAttribute("role", "option");
  const img = document.createElement("img");
  img.src = "/api/images/" + image.id;
  img.alt = image.name;
  button.append(img);
  button.addEventListener("click", () => {
    selectImage(image.id);
    explain();
  });
  if (first) $("examples").prepend(button);
  else $("examples").append(button);
}

// ---- search (serve --index) ---------------------------------------------------------------

// Each result is kept by the server as an image; opening one explains it with the query as the caption.
async function search() {
  const query = $("query").value;
  if (!query.trim()) {
    showError("type what to search for");
    return;
  }
  const button = $("search-button");
  button.disabled = true;
  setStatus("searching\u2026");
  showError("");
  try {
    const found = await api("/api/search?q=" + encodeURIComponent(query) + "&k=" + state.info.maxSearchResults);
    const list = $("search-results");
    list.replaceChildren();
    for (const result of found.results) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "thumb result-thumb";
      button.dataset.id = result.image.id;
      button.title = "#" + result.rank + " " + result.key + " (similarity " + number(result.similarity) + ")";
      button.setAttribute("role", "option");
      const img = document.createElement("img");
      img.src = "/api/images/" + result.image.id;
      img.alt = result.key;
      const label = document.createElement("span");
      label.className = "result-score";
      label.textContent = number(result.similarity);
      button.append(img, label);
      button.addEventListener("click", () => {
        $("caption").value = found.query;
        selectImage(result.image.id);
        explain();
      });
      list.append(button);
    }
    $("search-hint").textContent = found.results.length + " of " + state.info.indexedImages + " images, by similarity"
      + (found.unavailable > 0 ? " (" + found.unavailable + " no longer readable)" : "") + "; open one to explain it";
    setStatus("");
  } catch (e) {
    showError(e.message);
    setStatus("");
  } finally {
    button.disabled = false;
  }
}

function selectImage(id) {
  state.imageId = id;
  for (const thumb of document.querySelectorAll(".thumb")) {
    thumb.setAttribute("aria-selected", String(thumb.dataset.id === id));
  }
}

// ---- pointer interactions -------------------------------------------------------------------

function wireWords() {
  const container = $("words");
  let anchor = null;
  let current = null;
  const rangeOf = (a, b) => ({
    from: Math.min(Number(a.dataset.from), Number(b.dataset.from)),
    to: Math.max(Number(a.dataset.to), Number(b.dataset.to)),
  });
  container.addEventListener("pointerdown", (event) => {
    const word = event.target.closest(".word");
    if (!word) return;
    event.preventDefault();
    anchor = word;
    current = word;
    word.classList.add("selected");
  });
  container.addEventListener("pointerover", (event) => {
    if (!anchor) return;
    const word = event.target.closest(".word");
    if (!word || word === current) return;
    current = word;
    const range = rangeOf(anchor, word);
    for (const w of container.querySelectorAll(".word")) {
      w.classList.toggle("selected", Number(w.dataset.from) >= range.from && Number(w.dataset.to) <= range.to);
    }
  });
  window.addEventListener("pointerup", () => {
    if (!anchor) return;
    const range = rangeOf(anchor, current);
    anchor = null;
    current = null;
    showSpan(range.from, range.to, false);
  });
  container.addEventListener("keydown", (event) => {
    const word = event.target.closest(".word");
    if (word && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      showSpan(Number(word.dataset.from), Number(word.dataset.to), false);
    }
  });
  $("whole").addEventListener("click", () => {
    const whole = state.explanation.whole;
    showSpan(whole.from, whole.to, true);
  });
}

function wireBox() {
  const marks = $("marks");
  let start = null;
  const toOriginal = (event) => {
    const rect = marks.getBoundingClientRect();
    const g = state.explanation.geometry;
    const x = ((event.clientX - rect.left) * (marks.width / rect.width)) / state.scale;
    const y = ((event.clientY - rect.top) * (marks.height / rect.height)) / state.scale;
    return [Math.max(0, Math.min(g.originalWidth, x)), Math.max(0, Math.min(g.originalHeight, y))];
  };
  const boxOf = (a, b) => [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[0], b[0]), Math.max(a[1], b[1])];
  marks.addEventListener("pointerdown", (event) => {
    if (!state.explanation) return;
    marks.setPointerCapture(event.pointerId);
    start = toOriginal(event);
  });
  marks.addEventListener("pointermove", (event) => {
    if (start) paintMarks(boxOf(start, toOriginal(event)));
  });
  marks.addEventListener("pointerup", (event) => {
    if (!start) return;
    const box = boxOf(start, toOriginal(event));
    start = null;
    const small = (box[2] - box[0]) * state.scale < MIN_BOX_PIXELS || (box[3] - box[1]) * state.scale < MIN_BOX_PIXELS;
    if (small) {
      state.box = null;
      paintMarks(null);
      clearTokenColours();
      $("box-scores").hidden = true;
      return;
    }
    showBox(box);
  });
}

// A layer choice: the input of block 0..count-1, the last chosen.
function fillLayers(select, count) {
  for (let layer = 0; layer < count; layer++) {
    const option = document.createElement("option");
    option.value = String(layer);
    option.textContent = layer === count - 1 ? layer + " (last)" : String(layer);
    select.append(option);
  }
  select.value = String(count - 1);
}

async function start() {
  try {
    state.info = await api("/api/info");
  } catch (e) {
    showError("cannot reach Duet: " + e.message);
    return;
  }
  const info = state.info;
  $("model-name").textContent = "model " + info.model;
  $("foot").textContent = "Duet " + info.version + " \u00b7 everything runs on this machine";
  $("steps").max = String(info.maxSteps);
  if (info.mode === "texts") {
    DuetTexts.start({ info, api, number, signed, percent, showError, setStatus, fillLayers });
  } else {
    startCaptions(info);
  }
  document.body.dataset.ready = "true";
}

// The caption and image mode: example images, upload, caption, both layers, and search with an index.
function startCaptions(info) {
  fillLayers($("text-layer"), info.textLayers);
  fillLayers($("image-layer"), info.imageLayers);
  $("caption").maxLength = info.maxCaptionChars;
  for (const image of info.examples) addThumb(image, false);
  if (info.examples.length > 0) selectImage(info.examples[0].id);
  $("explain").addEventListener("click", explain);
  $("caption").addEventListener("keydown", (event) => {
    if (event.key === "Enter") explain();
  });
  for (const id of ["text-layer", "image-layer", "normalization", "quadrature", "steps"]) {
    $(id).addEventListener("change", () => {
      if (state.explanation) explain();
    });
  }
  $("upload").addEventListener("change", (event) => upload(event.target.files[0]));
  if (info.search) {
    $("search").hidden = false;
    $("search-button").addEventListener("click", search);
    $("query").addEventListener("keydown", (event) => {
      if (event.key === "Enter") search();
    });
    // a link to the page may carry a search: /?q=a+red+circle
    const linked = new URLSearchParams(window.location.search).get("q");
    if (linked) {
      $("query").value = linked;
      search();
    }
  }
  wireWords();
  wireBox();
}

start();
