"""The preset selector in a real browser (headless Chromium via Playwright).

Choose ``fast`` on a table, see the recipe and the inputs it makes, step and
train it to its end, and download the model: ``load_table_model`` reads it
back as ``fit_table``'s model. Skips without Chromium or Playwright unless
``GLASSNET_REQUIRE_BROWSER=1``, as ``test_playground_browser.py`` does.
"""

import os
import pathlib
import shutil

import numpy as np
import pytest

from glassnet.playground import Playground, Session
from glassnet.playground.tables import Upload
from glassnet.tabular import fit_table, load_table_model, read_table

DATA = pathlib.Path(__file__).parent / "data"
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def browser():
    reason = None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        reason = 'Playwright is not installed (pip install "glassnet[test]")'
    executable = os.environ.get("GLASSNET_CHROMIUM") or shutil.which("chromium") \
        or shutil.which("chromium-browser")
    if reason is None and executable is None:
        reason = "no chromium on PATH (apt-get install chromium)"
    if reason is not None:
        if os.environ.get("GLASSNET_REQUIRE_BROWSER") == "1":
            pytest.fail(f"GLASSNET_REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(reason)
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=executable,
                                     args=["--no-sandbox", "--disable-gpu"])
        yield chromium
        chromium.close()


def test_choose_fast_step_train_to_its_end_and_save(browser, tmp_path):
    path = DATA / "penguins.csv"
    frame = read_table(path)
    session = Session()
    session.use_table(Upload(path.name, path, frame), "species", {})
    with Playground(session) as app:
        context = browser.new_context(viewport={"width": 1500, "height": 1000},
                                      accept_downloads=True, bypass_csp=True)
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(app.url)
        page.wait_for_selector("body[data-ready='1']")
        t = page.get_by_test_id
        assert t("preset").input_value() == "tutorial" and t("recipe").is_hidden()

        page.select_option("[data-testid=preset]", "fast")
        page.wait_for_function("!document.querySelector('[data-testid=recipe]').hidden")
        run = session.dataset.run
        n = run.n_encoded + run.bins.n_outputs
        recipe = t("recipe").inner_text()
        assert "AdamW η = 0.003" in recipe and "cosine down to 0 at epoch 60" in recipe
        assert f"+ {run.bins.n_outputs} piecewise-linear bins = {n}" in recipe
        assert t("hidden").is_disabled() and t("optimizer").is_disabled()
        # The greyed form shows the recipe's settings, not the tutorial network's (trial 24).
        assert t("hidden").input_value() == "64,32" and t("optimizer").input_value() == "adamw"
        assert t("learning-rate").input_value() == "0.003" and \
            t("schedule").input_value() == "cosine"
        assert t("batch-size").input_value() == str(session.trainer.batch_size) == "32"
        page.wait_for_function("document.querySelector('[data-testid=member]').textContent"
                               " === '1 of 1'")  # once the new run's first state is drawn
        assert t("node-0-1").count() == 1 and t("node-1-1").count() == 1
        t("step").click()
        page.wait_for_function("document.querySelector('[data-testid=steps]').textContent"
                               " === '1'")
        t("reset").click()
        page.wait_for_function("document.querySelector('[data-testid=steps]').textContent"
                               " === '0'")
        t("train").click()
        page.wait_for_function("document.querySelector('[data-testid=member]').textContent"
                               ".includes('✓')", timeout=60_000)
        assert "fast: trained" in t("preset-status").inner_text()
        # reset to go again (the buttons are disabled as the last state is drawn: waited for)
        page.wait_for_function("['train', 'step'].every(id => document.querySelector("
                               "`[data-testid=${id}]`).disabled)", timeout=10_000)
        page.wait_for_selector("[data-testid=ensemble-average]")
        assert t("ensemble-prediction").inner_text().startswith("prediction: ")
        assert "1 of 1 members trained" in t("ensemble-row").inner_text()

        with page.expect_download() as download:
            t("export-model").click()
        saved = tmp_path / download.value.suggested_filename
        download.value.save_as(saved)
        model = load_table_model(saved)
        reference = fit_table(frame, "species", preset="fast", seed=0)
        np.testing.assert_array_equal(model.outputs(frame), reference.outputs(frame))

        page.select_option("[data-testid=preset]", "best")
        page.wait_for_function("document.querySelector('[data-testid=recipe]').textContent"
                               ".startsWith('best: 5 networks over 5 folds')")
        page.wait_for_function("document.querySelector('[data-testid=member]').textContent"
                               " === '1 of 5'")
        message = t("message").inner_text()
        assert message == "", message
        context.close()
    assert errors == []
