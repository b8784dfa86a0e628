"""Write the small CSV fixtures of the table tests, deterministically.

    python tests/data/make_fixtures.py          # rewrites the files next to this script

Each table is made up (seeded), with targets that follow the features plus
noise, so a model has something to learn:

* ``penguins.csv`` (300 rows): ``id``, ``species`` (target: Adelie, Chinstrap,
  Gentoo; it follows island and the bill and flipper sizes), ``island`` (text),
  four measurements (two rows missing them all, as ``NA``), ``sex`` (some
  missing) and ``year`` (2007-2009).
* ``weather.csv`` (300 rows): ISO ``date``, precipitation, temperatures, wind,
  and ``weather`` (target: sun, rain, snow, drizzle, fog).
* ``cars.csv`` (300 rows): ``name`` (free text), ``mpg`` (regression target:
  it falls with weight and horsepower and rises with the model year),
  cylinders, displacement, ``horsepower`` (``?`` where missing), weight,
  acceleration, ``model_year``, ``origin`` (usa, europe, japan).
* ``ventes_latin1.csv`` (200 rows): ``;``-separated, latin-1, accented names
  and categories (``région``, ``produit``: café, thé, crème brûlée ...), prices
  with decimal points, and ``achète`` (target: oui/non).
* ``fleurs_bom.csv`` (150 rows): UTF-8 with a byte-order mark, an accented
  header (``espèce``).
* ``sensors_preamble.csv`` (60 rows): one preamble line before the header
  (read it with ``skip_rows=1``); ``status`` (ok/fault) follows the reading.
* ``headerless.csv`` (120 rows): no header; four numbers and a label.
"""

from __future__ import annotations

import csv
import datetime
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent


def write(name, header, rows, encoding="utf-8", delimiter=",", preamble=None):
    with open(HERE / name, "w", encoding=encoding, newline="") as f:
        if preamble:
            f.write(preamble + "\n")
        w = csv.writer(f, delimiter=delimiter, lineterminator="\n")
        if header:
            w.writerow(header)
        w.writerows(rows)


def na(value, missing, fmt="{:.1f}", token="NA"):
    return token if missing else fmt.format(value)


def penguins(rng):
    size = {"Adelie": (38.8, 18.3, 190, 3700), "Chinstrap": (48.8, 18.4, 196, 3730),
            "Gentoo": (47.5, 15.0, 217, 5080)}
    islands = {"Adelie": ["Biscoe", "Dream", "Torgersen"], "Chinstrap": ["Dream"],
               "Gentoo": ["Biscoe"]}
    rows = []
    for i in range(300):
        species = rng.choice(["Adelie", "Chinstrap", "Gentoo"], p=[0.44, 0.2, 0.36])
        bill, depth, flipper, mass = size[species]
        sex = rng.choice(["male", "female"])
        grow = 1.06 if sex == "male" else 0.95
        gone = i in (3, 271)
        rows.append([i + 1, species, rng.choice(islands[species]),
                     na(bill * grow + rng.normal(0, 2.5), gone),
                     na(depth * grow + rng.normal(0, 0.9), gone),
                     na(round(flipper * grow + rng.normal(0, 6)), gone, "{:d}"),
                     na(round(mass * grow + rng.normal(0, 350), -1), gone, "{:.0f}"),
                     "NA" if gone or rng.random() < 0.03 else sex,
                     rng.choice([2007, 2008, 2009])])
    write("penguins.csv", ["id", "species", "island", "bill_length_mm", "bill_depth_mm",
                           "flipper_length_mm", "body_mass_g", "sex", "year"], rows)


def weather(rng):
    rows = []
    for i in range(300):
        day = datetime.date(2021, 1, 1) + datetime.timedelta(days=i)
        season = np.cos(2 * np.pi * (i - 200) / 365)
        t_max = 14 + 12 * season + rng.normal(0, 3)
        t_min = t_max - 6 - abs(rng.normal(0, 2))
        wet = rng.random() < 0.4
        rain = rng.gamma(2, 4) if wet else 0.0
        wind = abs(rng.normal(3 + 2 * wet, 1.2))
        if rain > 2:
            label = "snow" if t_max < 3 else "rain"
        elif rain > 0:
            label = "drizzle"
        else:
            label = "fog" if wind < 1.5 and t_min < 8 else "sun"
        if rng.random() < 0.05:  # a noisy record
            label = rng.choice(["sun", "rain", "drizzle", "fog"])
        rows.append([day.isoformat(), f"{rain:.1f}", f"{t_max:.1f}", f"{t_min:.1f}",
                     f"{wind:.1f}", label])
    write("weather.csv", ["date", "precipitation", "temp_max", "temp_min", "wind", "weather"],
          rows)


def cars(rng):
    brands = {"usa": ["ford", "chevrolet", "plymouth", "amc", "dodge", "buick"],
              "europe": ["volkswagen", "peugeot", "fiat", "volvo", "audi"],
              "japan": ["toyota", "datsun", "honda", "mazda", "subaru"]}
    models = ["sedan", "wagon", "coupe", "deluxe", "custom", "sport", "gl", "se", "limited"]
    rows = []
    for _ in range(300):
        origin = rng.choice(["usa", "europe", "japan"], p=[0.6, 0.2, 0.2])
        cyl = int(rng.choice([4, 6, 8], p=[0.2, 0.4, 0.4] if origin == "usa" else [0.85, 0.15, 0]))
        year = int(rng.integers(70, 83))
        disp = cyl * 40 + rng.normal(0, 15)
        hp = 25 + cyl * 14 + rng.normal(0, 10)
        weight = 1500 + cyl * 330 + rng.normal(0, 250)
        accel = 22 - hp / 20 + rng.normal(0, 1.5)
        mpg = 62 - weight / 180 - hp / 25 + 0.7 * (year - 70) + 2.5 * (origin != "usa")
        mpg += rng.normal(0, 2)
        name = f"{rng.choice(brands[origin])} {rng.choice(models)} {int(rng.integers(1, 999))}"
        rows.append([name, f"{mpg:.1f}", cyl, f"{disp:.0f}", na(hp, rng.random() < 0.03,
                     "{:.0f}", "?"), f"{weight:.0f}", f"{accel:.1f}", year, origin])
    write("cars.csv", ["name", "mpg", "cylinders", "displacement", "horsepower", "weight",
                       "acceleration", "model_year", "origin"], rows)


def ventes(rng):
    regions = ["Île-de-France", "Provence-Alpes-Côte d'Azur", "Auvergne-Rhône-Alpes",
               "Bretagne", "Hauts-de-France"]
    produits = {"café": 2.5, "thé": 3.2, "crème brûlée": 6.0, "pâtisserie": 4.5,
                "chocolat chaud": 3.8}
    rows = []
    for _ in range(200):
        region, produit = rng.choice(regions), rng.choice(list(produits))
        prix = produits[produit] * rng.uniform(0.8, 1.3)
        remise = rng.random() < 0.3
        score = 1.5 - prix / 3 + 1.2 * remise + 0.5 * (region == "Bretagne") + rng.normal(0, .6)
        rows.append([region, produit, f"{prix:.2f}", int(rng.integers(1, 6)),
                     "oui" if remise else "non", "oui" if score > 0 else "non"])
    write("ventes_latin1.csv", ["région", "produit", "prix", "quantité", "remise", "achète"],
          rows, encoding="latin-1", delimiter=";")


def fleurs(rng):
    centres = {"setosa": (5.0, 3.4, 1.5, 0.2), "versicolor": (5.9, 2.8, 4.3, 1.3),
               "virginica": (6.6, 3.0, 5.6, 2.0)}
    rows = []
    for i in range(150):
        espece = list(centres)[i % 3]
        rows.append([f"{c + rng.normal(0, 0.3):.1f}" for c in centres[espece]] + [espece])
    write("fleurs_bom.csv", ["longueur_sépale", "largeur_sépale", "longueur_pétale",
                             "largeur_pétale", "espèce"], rows, encoding="utf-8-sig")


def sensors(rng):
    rows = []
    for i in range(60):
        reading = rng.normal(20, 4)
        rows.append([f"2024-05-01 {i // 6:02d}:{(i % 6) * 10:02d}", f"s{i % 4}",
                     f"{reading:.2f}", "fault" if reading > 24 else "ok"])
    write("sensors_preamble.csv", ["time", "sensor", "reading", "status"], rows,
          preamble="# exported from the sensor hub on 2024-05-01, units: degrees C")


def headerless(rng):
    rows = []
    for _ in range(120):
        label = rng.choice(["a", "b", "c"])
        shift = {"a": 0.0, "b": 1.5, "c": 3.0}[label]
        rows.append([f"{shift + rng.normal(0, 0.7):.3f}" for _ in range(4)] + [label])
    write("headerless.csv", None, rows)


def main():
    for make in (penguins, weather, cars, ventes, fleurs, sensors, headerless):
        make(np.random.default_rng(sum(map(ord, make.__name__))))


if __name__ == "__main__":
    main()
