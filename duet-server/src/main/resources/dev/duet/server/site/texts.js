// Duet's page in its texts mode (serve with a sentence encoder): two texts in, their token x token
// interaction matrix out, as a colour grid with the first text's tokens as rows and the second's as
// columns; each token is coloured by its row's (or column's) sum. app.js starts it with its helpers.
"use strict";

const DuetTexts = (() => {
  let page = null;        // app.js's helpers and the server's info
  let explained = null;   // the last explanation shown

  const $ = (id) => document.getElementById(id);

  function rowSums(matrix) {
    return matrix.map((row) => row.reduce((sum, value) => sum + value, 0));
  }

  function columnSums(matrix, columns) {
    const sums = new Array(columns).fill(0);
    for (const row of matrix) row.forEach((value, j) => { sums[j] += value; });
    return sums;
  }

  function paint(element, value, limit) {
    const t = value / limit;
    element.style.backgroundColor = DuetOverlay.cssColour(page.info.colormap, t);
    element.style.color = DuetOverlay.textColourOn(t);
  }

  function describeToken(which, token, value) {
    return "\u201c" + token.piece + "\u201d, " + which + ": " + page.signed(value);
  }

  // A token with its sum: a chip in the text's strip and a header of the grid, both read out on
  // hover. axis: "row" for the first text's tokens, "col" for the second's.
  function tokenElement(tag, axis, token, sum, limit, index) {
    const which = axis === "row" ? "first text, row sum" : "second text, column sum";
    const element = document.createElement(tag);
    // [CLS], [SEP] and padding (roles bos, eos, padding) apart from the text's own pieces
    element.className = "tok-sum" + (token.role === "text" ? "" : " special");
    element.textContent = token.piece;
    element.dataset[axis] = String(index);
    element.dataset.value = String(sum);
    element.dataset.readout = describeToken(which, token, sum);
    element.title = element.dataset.readout;
    paint(element, sum, limit);
    return element;
  }

  function renderStrip(container, axis, tokens, sums, limit) {
    container.replaceChildren();
    tokens.forEach((token, index) => {
      const chip = tokenElement("span", axis, token, sums[index], limit, index);
      chip.tabIndex = 0;
      container.append(chip);
    });
  }

  // rows, columns: the sums coloured on the headers, on the scale of sumLimit
  function renderMatrix(explanation, rows, columns, sumLimit) {
    const first = explanation.first.tokens;
    const second = explanation.second.tokens;
    const matrix = explanation.interactions;
    const limit = DuetOverlay.limitOf(matrix.flat());
    const table = $("matrix");
    table.replaceChildren();
    const head = document.createElement("thead");
    const headRow = document.createElement("tr");
    const corner = document.createElement("td");
    corner.className = "corner";
    headRow.append(corner);
    second.forEach((token, j) => {
      const th = tokenElement("th", "col", token, columns[j], sumLimit, j);
      th.scope = "col";
      th.classList.add("col-head");
      headRow.append(th);
    });
    head.append(headRow);
    const body = document.createElement("tbody");
    first.forEach((token, i) => {
      const tr = document.createElement("tr");
      const th = tokenElement("th", "row", token, rows[i], sumLimit, i);
      th.scope = "row";
      th.classList.add("row-head");
      tr.append(th);
      matrix[i].forEach((value, j) => {
        const td = document.createElement("td");
        td.className = "cell";
        td.dataset.row = String(i);
        td.dataset.col = String(j);
        td.dataset.value = String(value);
        td.dataset.readout = "\u201c" + token.piece + "\u201d \u00d7 \u201c" + second[j].piece + "\u201d: "
          + page.signed(value);
        td.title = td.dataset.readout;
        paint(td, value, limit);
        // the value for screen readers, which read the grid by its row and column headers
        const hidden = document.createElement("span");
        hidden.className = "visually-hidden";
        hidden.textContent = page.signed(value);
        td.append(hidden);
        tr.append(td);
      });
      body.append(tr);
    });
    table.append(head, body);
    table.dataset.rows = String(first.length);
    table.dataset.cols = String(second.length);
    DuetOverlay.paintColourBar($("matrix-colorbar"), limit, page.info.colormap);
  }

  function showNumbers(explanation) {
    const c = explanation.completeness;
    $("pair-similarity").textContent = page.number(explanation.similarity);
    $("pair-target").textContent = page.number(c.target);
    $("pair-sum").textContent = page.number(c.sum);
    const relative = c.target === 0 ? 0 : Math.abs(c.error / c.target);
    $("pair-error").textContent = page.signed(c.error) + " (" + (relative < 1e-3 ? "<0.1%" : page.percent(relative)) + ")";
    const s = explanation.settings;
    $("pair-about").textContent = explanation.first.tokens.length + " \u00d7 " + explanation.second.tokens.length
      + " tokens \u00b7 input of block " + s.layer + " \u00b7 " + s.quadrature + ", " + s.first_nodes + " / "
      + s.second_nodes + " nodes \u00b7 " + s.normalization + " normalisation";
  }

  function show(explanation) {
    explained = explanation;
    const rows = rowSums(explanation.interactions);
    const columns = columnSums(explanation.interactions, explanation.second.tokens.length);
    const sumLimit = DuetOverlay.limitOf(rows.concat(columns));
    showNumbers(explanation);
    renderStrip($("first-tokens"), "row", explanation.first.tokens, rows, sumLimit);
    renderStrip($("second-tokens"), "col", explanation.second.tokens, columns, sumLimit);
    renderMatrix(explanation, rows, columns, sumLimit);
    $("readout").textContent = "Point at a cell or a token to read its value.";
    $("texts-result").hidden = false;
  }

  // Hovering (or focusing) a cell or a token reads its value out and marks its row and column
  // headers in the grid.
  function wireReadout() {
    const mark = (row, col) => {
      for (const th of $("matrix").querySelectorAll("th.row-head")) {
        th.classList.toggle("crossed", th.dataset.row === row);
      }
      for (const th of $("matrix").querySelectorAll("th.col-head")) {
        th.classList.toggle("crossed", th.dataset.col === col);
      }
    };
    const read = (event) => {
      const target = event.target.closest("[data-readout]");
      if (!target) return;
      $("readout").textContent = target.dataset.readout;
      mark(target.dataset.row, target.dataset.col);
    };
    for (const id of ["matrix", "first-tokens", "second-tokens"]) {
      $(id).addEventListener("mouseover", read);
      $(id).addEventListener("focusin", read);
    }
    $("matrix").addEventListener("mouseleave", () => mark(null, null));
  }

  async function explain() {
    const first = $("first").value;
    const second = $("second").value;
    if (!first.trim() || !second.trim()) {
      page.showError("type both texts");
      return;
    }
    const button = $("explain-texts");
    button.disabled = true;
    page.setStatus("explaining\u2026");
    page.showError("");
    try {
      const body = {
        first,
        second,
        layer: Number($("text-layer").value),
        normalization: $("normalization").value,
        quadrature: $("quadrature").value,
        steps: Number($("steps").value),
      };
      const explanation = await page.api("/api/explain-texts", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
      });
      show(explanation);
      page.setStatus(explanation.cached ? "explanation from the cache"
        : "explained in " + explanation.seconds.toFixed(2) + " s");
    } catch (e) {
      page.showError(e.message);
      page.setStatus("");
    } finally {
      button.disabled = false;
    }
  }

  // Turns the page into its texts mode: two text fields and the settings that apply, no images.
  function start(helpers) {
    page = helpers;
    const info = page.info;
    document.title = "Duet \u00b7 explain a pair of texts";
    $("tagline").textContent = "why does the model find these two texts similar?";
    $("image-field").hidden = true;
    $("caption-field").hidden = true;
    $("image-layer-setting").hidden = true;
    $("texts-field").hidden = false;
    $("text-layer-name").textContent = "layer";
    page.fillLayers($("text-layer"), info.layers);
    for (const id of ["first", "second"]) {
      $(id).maxLength = info.maxCaptionChars;
      $(id).addEventListener("keydown", (event) => {
        if (event.key === "Enter") explain();
      });
    }
    $("explain-texts").addEventListener("click", explain);
    for (const id of ["text-layer", "normalization", "quadrature", "steps"]) {
      $(id).addEventListener("change", () => {
        if (explained) explain();
      });
    }
    wireReadout();
  }

  return { start };
})();
