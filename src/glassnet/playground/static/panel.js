// The explain panel: a clicked number's arithmetic (/api/explain), kept up to date while
// training is paused; and, with a preset, its model on the chosen example's table row.
// Loaded before app.js, whose state (S) and helpers ($, getJSON, guarded, say) it uses.
"use strict";

async function pick(item) {
  S.selected = item;
  Draw.select(S.view, item);
  await explain(); $("explain-panel").scrollIntoView({ block: "nearest" });  // (below the fold at 1280×800)
}

// A pause, a step, a reset: the panel follows the weights it explains (quietly: a message stays).
function refreshPanel(s) {
  if (S.selected && !s.running && s.version !== S.explainedAt) { S.explainedAt = s.version; explain(true); }
}

async function explain(quiet) {
  if (!S.selected) return;
  const work = async () => {
    const p = await getJSON("GET", "explain", { query: { example: $("example").value, item: S.selected } });
    S.record = p.record; S.explainedAt = S.state ? S.state.version : -1;
    $("explain-title").textContent = p.title;
    $("explain-when").textContent = `after epoch ${S.state ? S.state.epoch : 0}, ${S.state ? S.state.steps : 0} steps; numbers to 12 decimals, as glassnet explain prints them`;
    $("explain-rows").replaceChildren(...p.rows.map((r) => {
      const div = document.createElement("div");
      div.className = "row"; div.dataset.testid = `explain-row-${r.key}`;
      const label = document.createElement("span"); label.className = "label"; label.textContent = r.label;
      const text = document.createElement("span"); text.className = "text"; text.textContent = r.text;
      div.append(label, text);
      if (r.value !== null) {
        const value = document.createElement("b"); value.className = "value";
        value.dataset.testid = `explain-${r.key}`; value.textContent = r.value;
        div.append(" = ", value);
      }
      return div;
    }));
  };
  return quiet ? work().catch((e) => say(e.message)) : guarded(work);
}

async function explanationFile(format) {
  await guarded(async () => {
    const r = await api("GET", "explain", { query: { example: $("example").value, format } });
    download(await r.blob(), fileName(r, `explanation.${format}`));
  });
}

// A preset's model on the chosen example's table row: each member's output, their average.
async function ensembleBox() {
  const box = $("ensemble");
  if (!S.info || !S.info.run) { box.hidden = true; return; }
  try {
    const e = await getJSON("GET", "ensemble", { query: { example: $("example").value } });
    const fmt = (v) => v.map((x) => x.toPrecision(4)).join(", ");
    const lines = [["row", `${e.row}; ${e.trained} of ${e.members_in_recipe} members trained`],
      ...e.members.map((m, i) => [`member-${i + 1}`, `member ${i + 1}${i >= e.trained ? " (in training, as it is now)" : ""}: (${fmt(m)})`]),
      ["average", `average of ${e.members.length}: (${fmt(e.average)})`],
      ...(e.temperature !== 1 ? [["calibrated", `calibrated, softmax(log p̄ / T), T = ${e.temperature.toPrecision(4)}: (${fmt(e.calibrated)})`]] : []),
      ["prediction", `prediction: ${e.prediction}`], ...e.bins.map((b, i) => [`bins-${i + 1}`, b])];
    $("ensemble-rows").replaceChildren(...lines.map(([key, text]) => {
      const div = document.createElement("div");
      div.dataset.testid = `ensemble-${key}`; div.textContent = text;
      return div;
    }));
    box.hidden = false;
  } catch (err) { say(err.message); }
}

