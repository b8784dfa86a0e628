"""glassnet.save / glassnet.load for a fitted TableEncoder: one JSON file, read within limits."""

import json
import pathlib

import numpy as np
import pytest

pd = pytest.importorskip("pandas")

import glassnet  # noqa: E402
from glassnet.files import ModelFormatError  # noqa: E402
from glassnet.tabular import TableEncoder, read_table  # noqa: E402

DATA = pathlib.Path(__file__).parent / "data"


def test_an_encoder_round_trips_through_glassnet_save_and_load(tmp_path):
    frame = read_table(DATA / "penguins.csv")
    encoder = TableEncoder(target="species").fit(frame)
    path = glassnet.save(encoder, tmp_path / "encoder.json")
    back = glassnet.load(path)
    assert isinstance(back, TableEncoder) and back.to_dict() == encoder.to_dict()
    np.testing.assert_array_equal(back.transform(frame), encoder.transform(frame))
    assert json.loads(path.read_text())["format"] == "glassnet.TableEncoder"


def test_a_network_file_still_loads_as_a_network(tmp_path):
    path = glassnet.save(glassnet.Network([2, 3, 1], seed=0), tmp_path / "net.glassnet")
    assert isinstance(glassnet.load(path), glassnet.Network)


@pytest.mark.parametrize("text, found", [
    ('{"format": "glassnet.TableEncoder", "version": 2}', "version: must be 1"),
    ('{"format": "something else"}', "format: must be"),
    ('{"format": NaN}', "NaN is not valid JSON"),
    ('{"format": ', "not a glassnet encoder file"),
    ("{" * 100_000, "not a glassnet encoder file"),
])
def test_a_bad_encoder_file_is_one_clear_error(tmp_path, text, found):
    path = tmp_path / "bad.json"
    path.write_text(text)
    with pytest.raises(ModelFormatError, match=found):
        glassnet.load(path)


def test_an_encoder_file_over_the_limit_is_not_read(tmp_path):
    path = tmp_path / "big.json"
    path.write_text('{"format": "' + "x" * 5000 + '"}')
    with pytest.raises(ModelFormatError, match="larger than 1,000 bytes"):
        glassnet.load(path, max_bytes=1000)
