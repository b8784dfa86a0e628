// The page: controls and polling (the explain panel: panel.js). The server trains and explains;
// this file asks it, and hands the numbers to draw.js.
"use strict";

const token = new URLSearchParams(location.search).get("token") || "";
const $ = (id) => document.getElementById(id);
const S = { info: null, state: null, view: null, history: null, version: -1,
            regionsVersion: -1, selected: null, record: null };
// Counted for the update-rate measurement (docs/playground.md): each new state drawn.
window.glassnetStats = { updates: 0, received: 0, times: [] };

async function api(method, name, { query, body, raw } = {}) {
  const url = `/api/${name}` + (query ? `?${new URLSearchParams(query)}` : "");
  const options = { method, headers: { "X-Glassnet-Token": token } };
  if (body !== undefined) {
    options.body = raw ? body : JSON.stringify(body);
    options.headers["Content-Type"] = raw ? "application/octet-stream" : "application/json";
  }
  const response = await fetch(url, options);
  if (!response.ok) {
    let message = response.statusText;
    try { message = (await response.json()).error; } catch (e) { /* not JSON */ }
    throw new Error(message);
  }
  return response;
}
const getJSON = async (...args) => (await api(...args)).json();

function say(text) { $("message").textContent = text || ""; $("message").onclick = () => say(""); }  // (a click dismisses it)
async function guarded(work) {
  try { say(""); return await work(); } catch (e) { say(e.message); return null; }
}

function download(blob, name) {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob); a.download = name;
  document.body.appendChild(a); a.click(); a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10000);
}
function fileName(response, fallback) {
  const m = /filename="([^"]+)"/.exec(response.headers.get("Content-Disposition") || "");
  return m ? m[1] : fallback;
}

// -- building the page from /api/info -------------------------------------------------
function options(select, values, chosen) {
  select.replaceChildren(...values.map((v) => {
    const o = document.createElement("option");
    o.value = typeof v === "object" ? v.name : v;
    o.textContent = typeof v === "object" ? v.title : v;
    return o;
  }));
  if (chosen !== undefined) select.value = chosen;
}

function activationSelects(count, chosen) {
  const box = $("activations");
  const current = [...box.querySelectorAll("select")].map((s) => s.value);
  box.replaceChildren();
  for (let l = 0; l < count; l++) {
    const label = document.createElement("label");
    label.textContent = `activation of hidden layer ${l + 1}`;
    const select = document.createElement("select");
    select.dataset.testid = `activation-${l + 1}`;
    options(select, S.info.choices.activation, (chosen || current)[l] || current[current.length - 1] || "tanh");
    label.appendChild(select); box.appendChild(label);
  }
}

function applyInfo(info) {
  S.info = info;
  const r = info.run && info.run.recipe, d = info.dataset;  // fast, best: the form shows the recipe's
  const c = r ? { ...info.config, hidden: r.hidden, activation: r.hidden.map(() => "relu"), optimizer: r.optimizer,
    learning_rate: r.learning_rate, batch_size: r.batch_size, weight_decay: r.weight_decay, schedule: r.schedule } : info.config;
  const builtin = info.datasets.some((x) => x.name === d.name);
  options($("dataset-select"), builtin ? info.datasets : [...info.datasets, { name: d.name, title: `${d.name} (your table)` }], d.name);
  $("hidden").value = c.hidden.join(",");
  for (const key of ["output_activation", "loss", "optimizer", "schedule", "preset"]) {
    options($(key), r && key === "schedule" ? [...info.choices[key], r.schedule] : info.choices[key], c[key]);
  }
  // fast and best: the recipe chooses the network and its training; the page shows it.
  $("preset").disabled = !info.table;
  $("recipe").hidden = !info.run;
  $("recipe").textContent = info.run ? recipeText(info.run) : "";
  for (const key of ["learning_rate", "batch_size", "weight_decay", "momentum", "seed"]) $(key).value = c[key];
  activationSelects(c.hidden.length, c.activation);
  for (const el of $("config").querySelectorAll("input, select")) {
    if (el.id !== "preset" && el.id !== "seed") el.disabled = Boolean(info.run);
  }
  $("dataset-info").textContent = `${d.n_samples} training examples, ${d.n_inputs} inputs, ` +
    (d.task === "classification" ? `${d.classes.length} classes (${d.classes.join(", ")})` : "a regression") +
    (d.validation ? `, ${d.validation} validation rows` : "") + `; ${info.resolved.output_activation} outputs, ${info.resolved.loss}.`;
  // Across and up: an input of the encoder's (a preset's bins follow from it).
  const names = d.feature_names.slice(0, info.axes).map((n, i) => ({ name: String(i), title: n }));
  // Across and up: the first two inputs that are numbers (not one-hot columns or
  // missing-value indicators), else the first two.
  const plain = d.feature_names.slice(0, info.axes).map((n, i) => [n, i]).filter(([n]) => !/=|\.missing$/.test(n)).map(([, i]) => i);
  const [f1, f2] = plain.length >= 2 ? plain : [0, Math.min(1, info.axes - 1)];
  options($("f1"), names, String(f1));
  options($("f2"), names, String(f2));
  $("regions-title").textContent = d.task === "classification" ? "Decision regions" : "Predicted against true";
  $("example").max = d.n_samples; $("val-key").hidden = !d.validation;  // (built-in sets: none)
  if (info.table) showTable(info.table, false);
  // A new data set or preset: the state drawn last belongs to the old one.
  S.history = null; S.state = null; S.version = -1; S.regionsVersion = -1; S.selected = null;
  S.view = null; S.presetSeen = null; $("explain-title").textContent = "Click any number";  // (not the old data's)
  $("explain-when").textContent = ""; $("explain-rows").replaceChildren();
  ensembleBox();
  // Its first state may have come before this info did: ask for it rather than wait.
  getJSON("GET", "state", { query: { since: 0 } }).then(absorb, (e) => say(e.message));  // (keeps a message)
}

function recipeText(run) {
  const r = run.recipe;
  return `${r.name}: ` + (r.members > 1 ? `${r.members} networks over ${r.members} folds, their outputs averaged; each ` : "one network, 20 % of the rows held out; ") +
    `${r.hidden.join("-")} ReLU, ${r.optimizer === "adamw" ? "AdamW" : r.optimizer} η = ${r.learning_rate}, weight decay λ = ${r.weight_decay}, ` +
    `${r.warmup} epochs of warm-up then a cosine down to 0 at epoch ${r.epochs}, ` +
    (r.label_smoothing ? `label smoothing ε = ${r.label_smoothing}, ` : "") +
    `stopping after ${r.patience} epochs without a better validation loss (the best epoch kept). ` +
    `Inputs: ${run.encoded_inputs} encoded (${run.clipped_inputs} of them clipped smoothly, c = ${r.clip}) + ` +
    `${run.bin_inputs} piecewise-linear bins = ${run.encoded_inputs + run.bin_inputs}.`;
}

function presetStatus(p, s) {
  if (!p.done) {
    const done = p.trained.map((m, i) => `member ${i + 1}: ${m.epochs} epochs, best ${m.best_epoch}`);
    return `${p.name}: member ${p.member} of ${p.members} training, epoch ${s.epoch}` + (done.length ? ` (${done.join("; ")})` : "");
  }
  const r = p.result, m = p.trained[p.trained.length - 1];
  if (p.members > 1) {
    return `${p.name}: all ${p.members} members trained. Out of fold: ${r.metric} ${r.held_out.toFixed(4)} on ${r.held_out_rows} rows; ` +
      `their average: ${r.metric} ${r.average.toFixed(4)} on all ${r.rows} rows. Download the model: the ensemble's file.`;
  }
  return `${p.name}: trained (${m.epochs} epochs, best ${m.best_epoch} kept). ${r.metric} ${r.held_out.toFixed(4)} on the ${r.held_out_rows} held-out rows, ` +
    `${r.average.toFixed(4)} on all ${r.rows}. Download the model: its file.`;
}

// -- the uploaded table -----------------------------------------------------------------

function showTable(table, fresh) {
  $("table").hidden = false;
  const names = table.columns.map((c) => c.name);
  options($("target"), names, table.target);
  const previous = {};
  $("columns").querySelectorAll("select").forEach((s) => { previous[s.dataset.column] = s.value; });
  $("columns").replaceChildren(...table.columns.map((c) => {
    const tr = document.createElement("tr");
    for (const v of [c.name, c.kind, c.n_missing || "-", c.action]) {
      const td = document.createElement("td"); td.textContent = v; tr.appendChild(td);
    }
    const td = document.createElement("td");
    if (c.kind !== "target") {
      const s = document.createElement("select");
      s.dataset.column = c.name; s.dataset.testid = `override-${c.name}`;
      options(s, S.info ? S.info.overrides : ["auto", "numeric", "categorical", "drop"], fresh ? "auto" : (previous[c.name] || "auto"));
      s.addEventListener("change", () => columns(false));
      td.appendChild(s);
    }
    tr.appendChild(td);
    return tr;
  }));
}

function overrides() {
  const out = {};
  $("columns").querySelectorAll("select").forEach((s) => { if (s.value !== "auto") out[s.dataset.column] = s.value; });
  return out;
}

async function columns(use) {
  await guarded(async () => {
    const answer = await getJSON("POST", "columns", { body: { target: $("target").value, overrides: overrides(), use } });
    if (use) applyInfo(answer); else showTable(answer, false);
  });
}

// -- following the training -----------------------------------------------------------
// The server pushes each new state (server-sent events); each carries the history since
// the one before. States are absorbed as they come; the newest is drawn once the
// messages that arrived together are read (not per frame: headless pages get few frames).

function absorb(s) {
  window.glassnetStats.received++;  // Another tab changed the data or settings: take them too.
  if (S.info && s.setup !== S.info.setup) { S.info.setup = s.setup; getJSON("GET", "info").then(applyInfo, (e) => say(e.message)); return; }  // (a refusal's message stays)
  // A state that comes after a newer one (a full history asked for, answered late) is old news.
  if (S.state && s.setup === S.state.setup && s.version < S.state.version) return;
  if (!S.history || s.history_start !== S.history.loss.length) {
    // A new run (or a full history): start again from what this state holds.
    S.history = { loss: [], metric: [], val_loss: [], val_metric: [] };
    if (s.history_start !== 0) {  // we missed some: ask for all of it, once at a time
      if (!S.asking) {
        S.asking = true;
        getJSON("GET", "state", { query: { since: 0 } }).then((full) => { S.asking = false; absorb(full); },
          (e) => { S.asking = false; say(e.message); });
      }
      return;
    }
  }
  // One at a time, not push(...): a long run's whole history is too many arguments.
  for (const k of Object.keys(S.history)) for (const v of s.history[k]) S.history[k].push(v);
  S.state = s; refreshPanel(s);
  const finished = Boolean(s.preset && s.preset.done);  // a preset's run at its end: reset to go again
  $("train").disabled = s.running || finished; $("pause").disabled = !s.running;
  $("step").disabled = finished;
  if (!S.frame) S.frame = setTimeout(draw, 0);  // after the messages already here
}


function draw() {
  S.frame = null;
  try { drawState(); } catch (e) { say(`could not draw: ${e.message}`); }
}

function drawState() {
  const s = S.state, stats = window.glassnetStats;
  if (!s || !S.history || s.version === S.version) return;  // nothing new, or set up afresh
  const t0 = performance.now();
  S.version = s.version;
  stats.updates++;
  const now = performance.now();
  stats.times.push(now);
  while (stats.times.length && stats.times[0] < now - 2000) stats.times.shift();
  $("update-rate").textContent = s.running ? (stats.times.length / 2).toFixed(1) : "–";
  const p = s.preset;
  $("member").textContent = p ? (p.done ? `${p.members} of ${p.members} ✓` : `${p.member} of ${p.members}`) : "–";
  $("preset-status").hidden = !p;
  $("preset-status").textContent = p ? presetStatus(p, s) : "";
  const seen = p ? `${p.member}/${p.done}` : null;
  if (p && seen !== S.presetSeen) { S.presetSeen = seen; ensembleBox(); }
  if (!S.view || S.view.sizes.join() !== s.sizes.join()) {
    S.view = Draw.network($("diagram"), s.sizes, S.info.dataset.feature_names, S.info.shown, pick);
    S.view.sizes = s.sizes;
    Draw.select(S.view, S.selected);
  }
  Draw.weights(S.view, s);
  $("epoch").textContent = s.epoch;
  $("steps").textContent = s.steps;
  $("loss-value").textContent = s.loss === null ? "–" : s.loss.toPrecision(6);
  $("eta").textContent = s.learning_rate.toPrecision(3);
  $("metric-name").textContent = s.metric_name || "metric";
  $("metric-title").textContent = s.metric_name || "Metric";
  const m = S.history.metric;
  $("metric-value").textContent = m.length ? m[m.length - 1].toFixed(4) : "–";
  // The curves change little between two states: redrawn at most five times a second.
  if (!s.running || now - (S.curvesAt || 0) > 200) {
    S.curvesAt = now;
    Draw.curves($("loss-curve"), [{ values: S.history.loss, color: "#1d2330" },
                                  { values: S.history.val_loss, color: "#e8772e" }], true);
    Draw.curves($("metric-curve"), [{ values: S.history.metric, color: "#1d2330" },
                                    { values: S.history.val_metric, color: "#e8772e" }], false);
  }
  if (s.error) say(s.error);
  stats.drawMs = (stats.drawMs || 0) + performance.now() - t0;
}

function listen() {
  const source = new EventSource(`/api/events?token=${encodeURIComponent(token)}`);
  source.onmessage = (event) => absorb(JSON.parse(event.data));
  source.onopen = () => { if ($("message").textContent.startsWith("lost")) say(""); };
  source.onerror = () => say("lost the server; trying again…");  // EventSource retries
}

async function pollRegions() {
  try {
    if (S.view && S.version !== S.regionsVersion) {
      const version = S.version;
      const r = await getJSON("GET", "regions", { query: { f1: $("f1").value, f2: $("f2").value } });
      S.regionsVersion = version;
      const outs = Draw.unpack(r.outputs);
      if (r.pred_vs_true) Draw.scatter($("regions"), r.pred_vs_true);
      else Draw.regions($("regions"), r, outs, S.info.dataset);
      const t0 = performance.now();
      if (S.view) Draw.nodeMaps(S.view, r, outs);
      window.glassnetStats.mapsMs = (window.glassnetStats.mapsMs || 0) + performance.now() - t0;
    }
  } catch (e) { if (!$("message").textContent.startsWith("lost")) say(e.message); }  // (the stream says it)
  setTimeout(pollRegions, S.state && S.state.running ? 300 : 150);
}

// -- wiring -------------------------------------------------------------------------------

function configFromForm() {  // (under a preset the form shows its recipe: only the seed is one's own)
  if (S.info && S.info.run) return { seed: Number($("seed").value), preset: $("preset").value };
  const hidden = $("hidden").value.split(",").map((v) => v.trim()).filter(Boolean).map(Number);
  return {
    hidden, activation: [...$("activations").querySelectorAll("select")].map((s) => s.value),
    output_activation: $("output_activation").value, loss: $("loss").value,
    optimizer: $("optimizer").value, learning_rate: Number($("learning_rate").value),
    schedule: $("schedule").value, batch_size: Number($("batch_size").value),
    weight_decay: Number($("weight_decay").value), momentum: Number($("momentum").value),
    seed: Number($("seed").value), preset: $("preset").value,
  };
}

function wire() {
  const post = (name) => () => guarded(async () => absorb(await getJSON("POST", name)));
  $("train").addEventListener("click", post("train"));
  $("pause").addEventListener("click", post("pause"));
  $("step").addEventListener("click", post("step"));
  $("reset").addEventListener("click", post("reset"));
  $("preset").addEventListener("change", () => guarded(async () => {
    applyInfo(await getJSON("POST", "config", { body: { preset: $("preset").value } }));
  }));
  $("hidden").addEventListener("change", () => activationSelects($("hidden").value.split(",").filter((v) => v.trim()).length));
  $("config").addEventListener("submit", (event) => {
    event.preventDefault();
    guarded(async () => applyInfo(await getJSON("POST", "config", { body: configFromForm() })));
  });
  $("dataset-select").addEventListener("change", () => guarded(async () => {
    $("table").hidden = true;
    applyInfo(await getJSON("POST", "dataset", { body: { name: $("dataset-select").value } }));
  }));
  $("upload").addEventListener("change", () => guarded(async () => {
    const file = $("upload").files[0];
    if (!file) return;
    const table = await getJSON("POST", "upload", { query: { name: file.name }, body: await file.arrayBuffer(), raw: true });
    showTable(table, true);
  }));
  $("target").addEventListener("change", () => columns(false));
  $("use-table").addEventListener("click", () => columns(true));
  $("export-model").addEventListener("click", () => guarded(async () => {
    const r = await api("GET", "model");
    download(await r.blob(), fileName(r, "playground.glassnet"));
  }));
  $("import-model").addEventListener("change", () => guarded(async () => {
    const file = $("import-model").files[0];
    if (file) applyInfo(await getJSON("POST", "model", { body: await file.arrayBuffer(), raw: true }));
  }));
  for (const id of ["f1", "f2"]) $(id).addEventListener("change", () => { S.regionsVersion = -1; });
  $("example").addEventListener("change", () => { explain(); ensembleBox(); });
  $("explain-markdown").addEventListener("click", () => explanationFile("markdown"));
  $("explain-latex").addEventListener("click", () => explanationFile("latex"));
  $("save-regions").addEventListener("click", () => $("regions").toBlob((b) => download(b, "regions.png")));
  const svgFile = (svgs, name) => {
    const text = svgs.map((s) => new XMLSerializer().serializeToString(s)).join("\n");
    download(new Blob([svgs.length > 1 ? `<div>${text}</div>` : text], { type: "image/svg+xml" }), name);
  };
  $("save-diagram").addEventListener("click", () => svgFile([$("diagram")], "network.svg"));
  $("save-curves").addEventListener("click", () => {
    svgFile([$("loss-curve")], "loss.svg"); svgFile([$("metric-curve")], "metric.svg");
  });
}

(async () => {
  wire();
  const info = await guarded(() => getJSON("GET", "info"));
  if (!info) return;
  applyInfo(info);
  document.body.dataset.ready = "1";
  listen();
  pollRegions();
})();
