"""Screenshots of the playground at three moments, and its update rate, measured in the browser.

Run: python docs/make_playground_screenshots.py [OUT_DIR] [--seconds S]

Needs Playwright (``pip install "glassnet[test]"``) and Debian's chromium
(``apt-get install chromium``; or set ``GLASSNET_CHROMIUM`` to a Chromium). Writes
``playground-1-xor.png`` (XOR on a 2-16-16-2 network, training), ``playground-2-explain.png``
(an edge clicked: its arithmetic in the panel) and ``playground-3-table.png`` (penguins.csv
uploaded: the column table, then training on it) to OUT_DIR (default docs/images), and
prints how many new states the page drew per second while a 2-16-16-2 network trained.
"""

import argparse
import os
import shutil
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from glassnet.playground import Playground, Session, builtin

ROOT = Path(__file__).resolve().parents[1]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out", nargs="?", default=str(ROOT / "docs" / "images"))
    parser.add_argument("--seconds", type=float, default=5.0, help="how long to measure")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    executable = os.environ.get("GLASSNET_CHROMIUM") or shutil.which("chromium")
    app = Playground(Session(builtin("xor"), {"hidden": [16, 16], "learning_rate": 0.01}))
    app.start()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        # bypass_csp: the page forbids eval; Playwright's wait_for_function needs it.
        page = browser.new_context(viewport={"width": 1500, "height": 980},
                                   bypass_csp=True).new_page()
        page.goto(app.url)
        page.wait_for_selector("body[data-ready='1']")
        t = page.get_by_test_id

        # The update rate: new states drawn by the page per second while training.
        t("train").click()
        time.sleep(1.0)
        count = "[window.glassnetStats.updates, window.glassnetStats.received]"
        (updates, received), epochs, started = (page.evaluate(count), app.session.trainer.epoch,
                                                time.perf_counter())
        time.sleep(args.seconds)
        seconds = time.perf_counter() - started
        now = page.evaluate(count)
        updates, received = now[0] - updates, now[1] - received
        epochs = app.session.trainer.epoch - epochs
        page.screenshot(path=out / "playground-1-xor.png")
        t("pause").click()
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        print(f"2-16-16-2 on XOR (200 examples, batches of 10): {updates / seconds:.1f} updates "
              f"drawn per second ({received / seconds:.1f} states received), "
              f"{epochs / seconds:.1f} epochs per second, over {seconds:.1f} s "
              f"({os.cpu_count()} CPUs, load average {load:.1f})")

        page.fill("[data-testid=example]", "3")
        t("edge-2-5-3").dispatch_event("click")
        page.wait_for_selector("[data-testid=explain-gradient]")
        page.screenshot(path=out / "playground-2-explain.png", full_page=True)

        t("upload").set_input_files(str(ROOT / "tests" / "data" / "penguins.csv"))
        page.wait_for_selector("[data-testid=override-island]")
        page.select_option("[data-testid=target]", "species")
        page.wait_for_selector("[data-testid=override-year]")
        page.fill("[data-testid=hidden]", "8,8")
        page.get_by_test_id("hidden").dispatch_event("change")
        t("apply").click()
        t("use-table").click()
        page.wait_for_function("document.querySelector('[data-testid=dataset-info]')"
                               ".textContent.includes('Adelie')")
        t("train").click()
        time.sleep(3)
        t("pause").click()
        t("node-2-3").click()
        page.wait_for_selector("[data-testid=explain-delta]")
        page.screenshot(path=out / "playground-3-table.png", full_page=True)
        browser.close()
    app.stop()
    for name in ("playground-1-xor.png", "playground-2-explain.png", "playground-3-table.png"):
        print(f"wrote {out / name}")


if __name__ == "__main__":
    main()
