"""``glassnet explain --model`` on an ensemble: one raw row's way to the prediction, in numbers.

A ``best`` model (:class:`~glassnet.tabular.ensemble.TableEnsemble`) is k
networks on one encoding of the row; explaining one training step of k
networks would be k explanations of the plain kind. What is its own is the
way from the raw row to the averaged prediction, and that is what is shown,
each step with the numbers that go in and come out:

1. encoding: each raw value → the inputs it becomes (``(x − mean) / scale``
   for a number, the one-hot position for a category, and its target mean
   where the column has one);
2. smooth clipping of the continuous inputs, ``x / √(1 + (x/c)²)``;
3. the bins each clipped input fills (the piecewise-linear encoding);
4. each network's output;
5. their average, and the prediction.
"""

from __future__ import annotations

import textwrap

import numpy as np

__all__ = ["explain_ensemble", "as_markdown"]


def _number(value: float) -> str:
    return f"{value:.6g}"


def _minus(value: float) -> str:
    """``− 3.2``, or ``− (-3.2)``: a mean subtracted, as the formula writes it."""
    return f"− {_number(value)}" if value >= 0 else f"− ({_number(value)})"


def _raw(value) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return "(missing)"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))  # "4043", as a file writes it (a column with a gap is floats)
    return str(value)


def _encoding_lines(model, row, encoded) -> list[str]:
    """One line per raw column: its value, the formula, the inputs it becomes."""
    from ..tabular.kinds import reads_as_boolean

    lines, at = [], 0
    for col in model.encoder.columns_:
        names = [str(n) for n in model.feature_names[at:at + _width(model, col)]]
        values = encoded[at:at + len(names)]
        at += len(names)
        raw = row[col["name"]].iloc[0] if col["name"] in row.columns else None
        if col["kind"] == "categorical" and isinstance(raw, float) and raw.is_integer():
            raw = int(raw)  # (a code column with an empty cell is read as floats)
        head = f"{col['name']} = {_raw(raw)}"
        if _raw(raw) != "(missing)" and col["kind"] in ("numeric", "datetime") \
                and not _read(row[col["name"]], col):  # used as missing: say so
            head += (" (not a number: the median)" if col["kind"] == "numeric" else
                     " (not a date: the medians)")
        if _raw(raw) != "(missing)" and col["kind"] == "boolean" \
                and not reads_as_boolean(col, raw):
            head += f" (neither {col['true']} nor {col['false']}: the training mode)"
        if col["kind"] == "numeric":
            # The value used: the cell's number, else the median. Not undone from the float32
            # input, which loses the cell when the column's mean is huge (a 1e300 in training).
            x = float(raw) if isinstance(raw, (int, float, np.number)) and np.isfinite(raw) \
                else col["median"] if raw is None or raw != raw \
                else values[0] * col["scale"] + col["mean"]
            text = (f"{head} → ({_number(x)} {_minus(col['mean'])}) / "
                    f"{_number(col['scale'])} = {_number(values[0])}")
            if col["indicator"]:
                text += f"; {names[1]} = {_number(values[1])}"
        elif col["kind"] == "datetime":
            parts = [f"{n} ({_number(v * s + m)} {_minus(m)}) / {_number(s)} = {_number(v)}"
                     for n, v, m, s in zip(names, values, col["mean"], col["scale"])]
            text = f"{head} → " + "; ".join(parts)
            if col["indicator"]:
                text += f"; {names[-1]} = {_number(values[-1])}"
        else:  # categorical or boolean: the outputs that are on
            means = len(col.get("target_means", {}).get("labels", []))  # (after the one-hot)
            hot, values = names[:len(names) - means], values[:len(names) - means]
            on = [n for n, v in zip(hot, values) if v != 0]
            text = f"{head} → " + (", ".join(f"{n} = 1" for n in on) if on else
                                   f"all {len(hot)} inputs 0 (" + ("no choice training saw)"
                                   if col["kind"] == "choices" else "a value not seen in "
                                   "training)"))
            if means:
                text += _means_text(col, row[col["name"]], names[-means:],
                                    encoded[at - means:at])
            if col["kind"] == "boolean":  # (a missing cell: the mode, and its indicator)
                text = f"{head} → " + "; ".join(f"{n} = {_number(v)}"
                                                 for n, v in zip(names, values))
        lines.append(text)
    return lines


def _means_text(col, cell, names, values) -> str:
    """What a categorical column's target means are for the one-row Series ``cell``: its
    value's, the missing cells', or (a value not seen in training) all rows' mean."""
    from ..tabular.target_means import value_groups

    unseen = value_groups(cell, col)[1][0] == len(col["categories"] + col["infrequent"])
    mean = col["target_means"]["kind"] == "continuous"
    if not cell.isna().iloc[0] and unseen:
        what = ("; a value not seen in training: the mean of all training rows (in the "
                "target's standard units): " if mean else "; a value not seen in training: "
                "each class's share of all training rows: ")
    else:
        whose = "the missing cells'" if cell.isna().iloc[0] else "the value's"
        what = (f"; {whose} smoothed target mean (in the target's standard units): " if mean
                else f"; {whose} smoothed share of each class: ")
    return what + "; ".join(f"{n} = {_number(v if abs(v) > 1e-12 else 0.0)}"
                            for n, v in zip(names, values))


def _read(cell, col) -> bool:
    """Whether the one-row Series ``cell`` reads as a number or date, as the encoder reads it."""
    from ..tabular.date_fallbacks import read_dates
    from ..tabular.date_orders import in_file_order
    from ..tabular.kinds import ANY_UNIT, numbers_in

    if col["kind"] == "numeric":
        v = numbers_in(cell, col.get("unit", ANY_UNIT), col.get("clock"))[0]
        return bool(np.isfinite(v[0]))
    parts = read_dates(cell, col["format"])[1]
    return not np.isnan(in_file_order(cell, parts, col["format"])[0][0, 0])


def _width(model, col) -> int:
    from ..tabular.kinds import output_names

    return len(output_names(col))


def _outputs(model, values) -> str:
    if model.task == "classification":
        # "0: 0.2635, 1: 0.7365": a class named by a number is told from its probability
        return ", ".join(f"{label}: {v:.4f}" for label, v in zip(model.classes, values))
    return f"{model.target_name} {_number(values[0])}"


#: Lines a step lists before it counts the rest (a wide table's 2,308 columns: 9,136 lines).
SHOWN = 40


def _first(lines, limit):
    """``lines``, or their first ``limit`` and a count of the rest."""
    if limit is None or len(lines) <= limit:
        return lines
    return lines[:limit] + [f"   … and {len(lines) - limit:,} more (--all lists every one)"]


def explain_ensemble(model, row, source: str, width: int = 80, limit: int | None = SHOWN) -> str:
    """The text for one raw ``row`` (a one-row DataFrame) of ``source``, wrapped to ``width``;
    each step's list of inputs cut to its first ``limit`` lines (None: every line)."""
    steps = model.explain_row(row, 0)
    encoded = np.array([s["encoded"] for s in steps["inputs"]])
    recipe = steps.get("recipe") or {}
    k = len(model.networks)
    sizes = "-".join(map(str, model.networks[0].sizes))
    what = f"an ensemble of {k} networks" if k > 1 else "one network"
    out = [f"{source}, explained by {what} {sizes} (preset {recipe.get('name', '?')!r})", ""]
    n = 1
    nets, whose = ("networks", "networks'") if k > 1 else ("network", "network's")  # (fast)
    out.append(f"{n}. encoding: each raw value becomes the {whose} inputs")
    out += _first(["   " + line for line in _encoding_lines(model, row, encoded)], limit)
    if model.clip is not None and np.any(model.clip_mask):  # (no continuous input: no step)
        n += 1
        clipped = [s for s in steps["inputs"] if s["encoded"] != s["clipped"]]
        out += ["", f"{n}. smooth clipping x / √(1 + (x/c)²), c = {_number(model.clip)}, of "
                f"the {int(np.sum(model.clip_mask))} continuous inputs"]
        out += _first([f"   {s['name']}: {_number(s['encoded'])} → {_number(s['clipped'])}"
                       for s in clipped], limit) or ["   (every value was already that near 0: "
                                                     "unchanged to 6 digits)"]
    if steps.get("bins"):
        n += 1
        bins = model.bins
        out += ["", f"{n}. bins: t_b = clip((x − e_(b−1)) / (e_b − e_(b−1)), 0, 1) over each "
                f"input's quantile edges ({bins.n_outputs} inputs appended)"]
        out += _first(["   " + line for line in steps["bins"]], limit)
    n += 1
    prediction = steps["prediction"]
    if isinstance(prediction, float):
        prediction = _number(prediction)
    if k == 1:  # the fast preset: one network, nothing to average
        out += ["", f"{n}. the network's output: {_outputs(model, steps['members'][0])}"]
    else:
        out += ["", f"{n}. each network's output"]
        out += [f"   network {i + 1}: {_outputs(model, m)}"
                for i, m in enumerate(steps["members"])]
        n += 1
        out += ["", f"{n}. the average (1/{k}) Σᵢ fᵢ: {_outputs(model, steps['average'])}"]
    if steps.get("temperature", 1.0) != 1.0:
        n += 1
        p = "p" if k == 1 else "p̄"
        out += ["", f"{n}. calibrated, softmax(log {p} / T) with T = "
                f"{_number(steps['temperature'])} (fitted on rows the {nets} did not train "
                f"on; the order of the classes is unchanged): "
                f"{_outputs(model, steps['calibrated'])}"]
    if model.task == "regression" and steps["calibrated"] != steps["average"]:
        n += 1
        lowest, highest = model.target["range"]
        out += ["", f"{n}. no training target was {'below' if lowest >= 0 else 'above'} 0 "
                f"(they run from {_number(lowest)} to {_number(highest)}), so neither is "
                f"the prediction: {_outputs(model, steps['calibrated'])}"]
    out.append(f"   prediction: {prediction}")
    wrapped = []
    for line in out:
        indent = " " * (len(line) - len(line.lstrip()) + 2)
        wrapped += textwrap.wrap(line, width, subsequent_indent=indent,
                                 break_long_words=True) or [""]
    return "\n".join(wrapped) + "\n"


def as_markdown(text: str) -> str:
    """:func:`explain_ensemble`'s text (unwrapped) as Markdown: the title and each step's
    heading in bold, the step's lines in a fenced block, where names keep their ``_`` and
    ``*`` and the numbers stay lined up."""
    title, *steps = text.strip("\n").split("\n\n")
    out = [f"**{_escaped(title)}**"]
    for step in steps:
        head, *lines = step.split("\n")
        out.append(f"**{_escaped(head)}**")
        if lines:
            out.append("```\n" + "\n".join(line.removeprefix("   ") for line in lines)
                       + "\n```")
    return "\n\n".join(out) + "\n"


def _escaped(text: str) -> str:
    """``text`` with the characters Markdown would read as emphasis or code escaped."""
    return "".join("\\" + c if c in "\\*_`[]<>" else c for c in text)
