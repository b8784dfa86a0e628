"""The input nodes of ``glassnet explain --model``: each named, with the raw cell it came from
as the encoder read it (``bill_length_mm = 45.6``; ``'1_000'``, no number, as missing)."""

from __future__ import annotations

__all__ = ["named_inputs"]


def _cell(value) -> str:
    """A raw cell as a person would write it: missing, 3.5, 2007, 'Biscoe'."""
    import numbers

    import numpy as np
    import pandas as pd

    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "missing"
    if isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_)):
        return f"{float(value):g}"
    return repr(str(value))


def named_inputs(model, row, x) -> list[dict]:
    """Each input node: its symbol, its encoded name, the raw cell it came from, its value."""
    import numpy as np

    items, kinds = [], {c["name"]: c for c in getattr(model.encoder, "columns_", [])}
    for j, name in enumerate(model.feature_names):
        # The longest column name that the feature's name starts with is its source.
        column = max((c for c in model.input_columns if name == c
                      or name.startswith((c + ".", c + "=", c + "∋"))), key=len)
        raw = row[column].iloc[0] if column in row.columns else None
        col = kinds.get(name)
        if (kinds.get(column) or {}).get("kind") in ("numeric", "boolean") \
                and isinstance(raw, str):  # (trial 30: --input's '45.6' where --data has 45.6)
            from ..tabular.values import key_numbers

            number = float(key_numbers([raw])[0])  # as the encoder reads it: not "1_000"
            raw = number if np.isfinite(number) else raw
        item = {"symbol": f"x{j + 1}", "name": name, "raw": f"{column} = {_cell(raw)}",
                "value": float(x[j])}
        if col is not None and col.get("kind") == "numeric" and "scale" in col:
            # A cell the encoder read as no number ('1_000', 'big') is missing: the median
            # stood in for it (the review: "(1000 + 0.04)/1.02" printed for '1_000').
            missing = _cell(raw) == "missing" or isinstance(raw, str) and _not_read(raw, col)
            item.update(raw_value=float(col["median"] if missing else x[j] * col["scale"]
                                        + col["mean"]),
                        mean=float(col["mean"]), scale=float(col["scale"]))
            if missing:
                item["missing"] = True  # the median stood in for it
            else:
                try:
                    item["raw_value"] = float(raw)
                except (TypeError, ValueError):
                    pass
        items.append(item)
    return items


def _not_read(text, col) -> bool:
    """Whether the encoder reads the cell ``text`` of numeric column ``col`` as no number."""
    import numpy as np
    import pandas as pd

    from ..tabular.kinds import ANY_UNIT, numbers_in

    return not np.isfinite(numbers_in(pd.Series([text], name=col["name"]),
                                      col.get("unit", ANY_UNIT), col.get("clock"))[0][0])
