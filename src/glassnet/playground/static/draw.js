// The pictures: the network as SVG, curves as SVG, decision regions on a canvas.
// Nothing here talks to the server; app.js hands each function the numbers.
"use strict";

const Draw = (() => {
  const NS = "http://www.w3.org/2000/svg";
  const PALETTE = [[47, 111, 222], [232, 119, 46], [46, 158, 91], [170, 59, 179],
                   [200, 50, 60], [30, 160, 170], [140, 110, 60], [90, 90, 90]];
  const el = (name, attrs = {}, parent = null) => {
    const node = document.createElementNS(NS, name);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    if (parent) parent.appendChild(node);
    return node;
  };
  const fmt = (v) => (v === null || v === undefined || !isFinite(v)) ? "–"
    : Math.abs(v) >= 1000 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(3) : v.toFixed(4);

  // The network: one column per layer; edges under nodes; a loss node after the outputs.
  // Ids follow the page's names: node-L-I (L = 0 for inputs), edge-L-I-J, loss; from 1.
  function network(svg, sizes, names, shown, onPick) {
    svg.replaceChildren();
    const n = sizes.map((s) => Math.min(s, shown));
    const box = 26, gapY = 34, gapX = sizes.length > 5 ? 90 : 115;
    const left = Math.min(95, 20 + 6 * Math.max(2, ...names.slice(0, n[0]).map((s) => Math.min(String(s).length, 12))));
    const height = Math.max(...n) * gapY + 40, width = left + (sizes.length - 1) * gapX + 90;
    svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
    const x = (l) => left + l * gapX;
    const y = (l, i) => 20 + (Math.max(...n) - n[l]) * gapY / 2 + i * gapY + box / 2;
    const edges = [], hits = [], nodes = [], images = [], segs = [];
    // A click on a wide, invisible hit line picks the edge drawn nearest the pointer: hit
    // lines overlap where edges run close, and the last drawn would hide the others (trial 25).
    const nearest = (ev) => {
      const m = svg.getScreenCTM(), p = m ? new DOMPoint(ev.clientX, ev.clientY).matrixTransform(m.inverse()) : null;
      let best = null, bestD = Infinity;
      for (const s of p ? segs : []) {
        const dx = s.x2 - s.x1, dy = s.y2 - s.y1, t = Math.max(0, Math.min(1, ((p.x - s.x1) * dx + (p.y - s.y1) * dy) / (dx * dx + dy * dy)));
        const d = Math.hypot(s.x1 + t * dx - p.x, s.y1 + t * dy - p.y);
        if (d < bestD) { bestD = d; best = s.id; }
      }
      return best;
    };
    const edgeLayer = el("g", {}, svg), nodeLayer = el("g", {}, svg);
    for (let l = 1; l < sizes.length; l++) {
      edges.push([]);
      for (let j = 0; j < n[l]; j++) {
        edges[l - 1].push([]);
        for (let i = 0; i < n[l - 1]; i++) {
          const id = `edge-${l}-${i + 1}-${j + 1}`;
          const attrs = { x1: x(l - 1) + box / 2, y1: y(l - 1, i), x2: x(l) - box / 2, y2: y(l, j) };
          const line = el("line", { ...attrs, stroke: "#ccc", "stroke-width": 1, "data-testid": id }, edgeLayer);
          const hit = el("line", { ...attrs, class: "hit" }, edgeLayer);
          const title = el("title", {}, line);
          line.addEventListener("click", () => onPick(id));
          line.addEventListener("mouseenter", () => { title.textContent = `w = ${edges[l - 1][j][i].w}`; });
          hit.addEventListener("click", (ev) => onPick(nearest(ev) || id));
          segs.push({ id, ...attrs });
          edges[l - 1][j].push({ line, title });
          hits.push(hit);
        }
      }
    }
    for (let l = 0; l < sizes.length; l++) {
      nodes.push([]); images.push([]);
      for (let i = 0; i < n[l]; i++) {
        const id = `node-${l}-${i + 1}`;
        const g = el("g", { class: "node", "data-testid": id, transform: `translate(${x(l) - box / 2},${y(l, i) - box / 2})` }, nodeLayer);
        el("rect", { width: box, height: box, rx: 3 }, g);
        const image = el("image", { width: box - 2, height: box - 2, x: 1, y: 1, preserveAspectRatio: "none" }, g);
        const title = el("title", {}, g);
        title.textContent = l === 0 ? `input ${i + 1}: ${names[i] || ""}` : `layer ${l}, node ${i + 1}`;
        if (l === 0) {
          const t = el("text", { x: -6, y: box / 2 + 3, "text-anchor": "end" }, g);
          const name = String(names[i] || `x${i + 1}`);
          t.textContent = name.length > 12 ? name.slice(0, 11) + "…" : name;
        }
        g.addEventListener("click", () => onPick(id));
        nodes[l].push(g); images[l].push(image);
      }
      if (sizes[l] > n[l]) {
        const t = el("text", { x: x(l), y: height - 6, "text-anchor": "middle" }, nodeLayer);
        t.textContent = `+${sizes[l] - n[l]} more`;
      }
    }
    const last = sizes.length - 1;
    const lossNode = el("g", { class: "loss node", "data-testid": "loss", transform: `translate(${x(last) + 50},${height / 2 - box / 2})` }, nodeLayer);
    el("rect", { width: box, height: box, rx: box / 2 }, lossNode);
    const lt = el("text", { x: box / 2, y: box / 2 + 4, "text-anchor": "middle" }, lossNode);
    lt.textContent = "E";
    el("title", {}, lossNode).textContent = "the loss";
    lossNode.addEventListener("click", () => onPick("loss"));
    for (let i = 0; i < n[last]; i++) {
      el("line", { x1: x(last) + box / 2, y1: y(last, i), x2: x(last) + 50, y2: height / 2, stroke: "#ddd" }, edgeLayer);
    }
    return { edges, nodes, images, svg };
  }

  // Only what changed is touched: every attribute set makes the browser restyle the SVG.
  function weights(view, state) {
    state.weights.forEach((W, l) => W.forEach((row, j) => row.forEach((w, i) => {
      const e = view.edges[l] && view.edges[l][j] && view.edges[l][j][i];
      if (!e) return;
      const look = `${w >= 0 ? "#2f6fde" : "#e8772e"} ${Math.min(5, 0.4 + 1.6 * Math.abs(w)).toFixed(1)} ${Math.min(1, 0.25 + Math.abs(w)).toFixed(2)}`;
      e.w = w;
      if (look === e.look) return;
      e.look = look;
      const [stroke, width, opacity] = look.split(" ");
      e.line.setAttribute("stroke", stroke);
      e.line.setAttribute("stroke-width", width);
      e.line.setAttribute("stroke-opacity", opacity);
    })));
  }

  function select(view, item) {
    view.svg.querySelectorAll(".selected").forEach((e) => e.classList.remove("selected"));
    if (!item) return;
    const found = view.svg.querySelector(`[data-testid="${item}"]`);
    if (found) found.classList.add("selected");
  }

  // A map of values in [-1, 1] (size m × m, rows top first) as a data URL.
  const scratch = document.createElement("canvas");
  function mapURL(values, m) {
    scratch.width = scratch.height = m;
    const ctx = scratch.getContext("2d"), img = ctx.createImageData(m, m);
    values.forEach((v, k) => {
      const c = v >= 0 ? [47, 111, 222] : [232, 119, 46], t = Math.min(1, Math.abs(v));
      for (let ch = 0; ch < 3; ch++) img.data[4 * k + ch] = Math.round(255 - t * (255 - c[ch]));
      img.data[4 * k + 3] = 255;
    });
    ctx.putImageData(img, 0, 0);
    return scratch.toDataURL();
  }

  // {"shape", "f32"} from the server: base64 of little-endian float32 → rows of numbers.
  function unpack(packed) {
    const bytes = Uint8Array.from(atob(packed.f32), (c) => c.charCodeAt(0));
    const flat = new Float32Array(bytes.buffer), [rows, cols] = packed.shape, out = [];
    for (let r = 0; r < rows; r++) out.push(flat.subarray(r * cols, (r + 1) * cols));
    return out;
  }

  function nodeMaps(view, regions, outs) {
    regions.maps.forEach((packed, l) => unpack(packed).forEach((values, i) => {
      const image = view.images[l + 1] && view.images[l + 1][i];
      if (image) image.setAttribute("href", mapURL(values, regions.map_n));
    }));
    const last = view.images.length - 1, n = regions.n;
    view.images[last].forEach((image, k) => {
      let scale = 1e-12;
      outs.forEach((o) => { scale = Math.max(scale, Math.abs(o[k])); });
      image.setAttribute("href", mapURL(outs.map((o) => o[k] / scale), n));
    });
  }

  // Decision regions: each grid cell coloured by its class, paler where the network is unsure.
  function regions(canvas, r, outs, dataset) {
    const ctx = canvas.getContext("2d"), W = canvas.width, H = canvas.height, n = r.n;
    const img = ctx.createImageData(n, n), C = outs[0].length;
    outs.forEach((o, k) => {
      let best = C === 1 && o[0] >= 0.5 ? 1 : 0;  // one sigmoid output (the tutorial's F): class 1 from 0.5
      for (let c = 1; c < C; c++) if (o[c] > o[best]) best = c;
      const sum = o.reduce((a, b) => a + Math.max(b, 0), 0) || 1;
      const p = C > 1 ? Math.max(0, Math.min(1, (o[best] / sum - 1 / C) / (1 - 1 / C)))
        : Math.min(1, 2 * Math.abs(o[0] - 0.5));
      const col = PALETTE[best % PALETTE.length];
      for (let ch = 0; ch < 3; ch++) img.data[4 * k + ch] = Math.round(255 - 0.55 * p * (255 - col[ch]));
      img.data[4 * k + 3] = 255;
    });
    const tmp = document.createElement("canvas");
    tmp.width = tmp.height = n;
    tmp.getContext("2d").putImageData(img, 0, 0);
    ctx.imageSmoothingEnabled = true;
    ctx.clearRect(0, 0, W, H);
    ctx.drawImage(tmp, 0, 0, W, H);
    const [x0, x1, y0, y1] = r.extent;
    dataset.points.forEach((p, k) => {
      const px = (p[r.f1] - x0) / (x1 - x0) * W, py = (y1 - p[r.f2]) / (y1 - y0) * H;
      const col = PALETTE[dataset.labels[k] % PALETTE.length];
      ctx.beginPath(); ctx.arc(px, py, 3, 0, 2 * Math.PI);
      ctx.fillStyle = `rgb(${col})`; ctx.fill();
      ctx.strokeStyle = "#fff"; ctx.lineWidth = 1; ctx.stroke();
    });
    regionsKey(r, dataset);
  }

  // Under the regions: each colour's class (8 colours: past 8 classes they repeat) and the
  // range of the two inputs across and up.
  function regionsKey(r, dataset) {
    const key = document.getElementById("regions-key");
    if (!key) return;
    const names = dataset.classes || [], shown = names.slice(0, PALETTE.length);
    key.replaceChildren(...shown.map((c, i) => {
      const span = document.createElement("span"), dot = document.createElement("i");
      dot.style.background = `rgb(${PALETTE[i]})`; span.append(dot, String(c)); return span;
    }));
    if (names.length > shown.length) key.append(` … and ${names.length - shown.length} more (the colours repeat)`);
    const [x0, x1, y0, y1] = r.extent, f = (v) => v.toPrecision(3);
    key.append(document.createElement("br"), `across ${f(x0)} to ${f(x1)}, up ${f(y0)} to ${f(y1)}` +
      (dataset.n_inputs > 2 ? "; the other inputs at their mean (rows that differ only there share a dot)" : ""));
  }

  // A regression: predicted against true, the diagonal being perfect.
  function scatter(canvas, pv) {
    const ctx = canvas.getContext("2d"), W = canvas.width, H = canvas.height;
    let lo = Infinity, hi = -Infinity;
    for (const v of pv.true.concat(pv.predicted)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
    const span = (hi - lo) || 1;
    const sx = (v) => 20 + (v - lo) / span * (W - 30), sy = (v) => H - 20 - (v - lo) / span * (H - 30);
    ctx.fillStyle = "#fff"; ctx.fillRect(0, 0, W, H);
    ctx.strokeStyle = "#bbb"; ctx.beginPath(); ctx.moveTo(sx(lo), sy(lo)); ctx.lineTo(sx(hi), sy(hi)); ctx.stroke();
    ctx.fillStyle = "rgba(47,111,222,.7)";
    pv.true.forEach((t, k) => { ctx.beginPath(); ctx.arc(sx(t), sy(pv.predicted[k]), 2.5, 0, 2 * Math.PI); ctx.fill(); });
    ctx.fillStyle = "#667085"; ctx.font = "11px sans-serif";
    ctx.fillText("true →", W - 50, H - 5); ctx.fillText("predicted ↑", 4, 12);
    const key = document.getElementById("regions-key");
    if (key) key.textContent = `each dot a row (up to 500); both axes ${lo.toPrecision(3)} to ${hi.toPrecision(3)}; on the diagonal, exact`;
  }

  // Curves: at most 400 points each (every k-th), y from the data's range.
  function curves(svg, series, logScale) {
    svg.replaceChildren();
    const W = 300, H = 140, pad = 28;
    const values = series.flatMap((s) => s.values).filter((v) => isFinite(v) && (!logScale || v > 0));
    if (!values.length) return;
    const f = logScale ? Math.log10 : (v) => v;
    let lo = Infinity, hi = -Infinity;  // a loop: Math.min(...) takes only so many arguments
    for (const v of values) { lo = Math.min(lo, f(v)); hi = Math.max(hi, f(v)); }
    if (hi - lo < 1e-9) { lo -= 0.5; hi += 0.5; }
    const n = series.reduce((m, s) => Math.max(m, s.values.length), 0);
    el("line", { x1: pad, y1: H - 16, x2: W - 4, y2: H - 16, stroke: "#ccc" }, svg);
    const label = (text, yy) => { const t = el("text", { x: 2, y: yy, "font-size": 9, fill: "#667085" }, svg); t.textContent = text; };
    label(logScale ? (10 ** hi).toPrecision(2) : hi.toPrecision(3), 10);
    label(logScale ? (10 ** lo).toPrecision(2) : lo.toPrecision(3), H - 18);
    const t = el("text", { x: W - 4, y: H - 3, "font-size": 9, fill: "#667085", "text-anchor": "end" }, svg);
    t.textContent = `epoch ${n}`;
    for (const s of series) {
      const every = Math.max(1, Math.ceil(s.values.length / 400)), pts = [];
      for (let k = 0; k < s.values.length; k += every) {
        const v = s.values[k];
        if (!isFinite(v) || (logScale && v <= 0)) continue;
        pts.push(`${(pad + k / Math.max(1, n - 1) * (W - pad - 4)).toFixed(1)},${(6 + (hi - f(v)) / (hi - lo) * (H - 24)).toFixed(1)}`);
      }
      el("polyline", { points: pts.join(" "), fill: "none", stroke: s.color, "stroke-width": 1.5 }, svg);
    }
  }

  return { network, weights, select, unpack, nodeMaps, regions, scatter, curves, fmt };
})();
