"""Write one of scikit-learn's bundled data sets as a CSV file, for the command line.

Run: python examples/make_csv.py wine wine.csv
     (iris, wine, breast_cancer, digits, diabetes; needs glassnet[sklearn])
"""

import csv
import sys

from sklearn import datasets

LOADERS = {"iris": datasets.load_iris, "wine": datasets.load_wine,
           "breast_cancer": datasets.load_breast_cancer, "digits": datasets.load_digits,
           "diabetes": datasets.load_diabetes}


def main(argv):
    if len(argv) != 2 or argv[0] not in LOADERS:
        print(f"usage: make_csv.py {{{','.join(LOADERS)}}} OUT.csv", file=sys.stderr)
        return 2
    name, out = argv
    data = LOADERS[name]()
    features = [str(f).replace(" ", "_") for f in data.feature_names]
    classify = name != "diabetes"
    target = "class" if classify else "target"
    with open(out, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(features + [target])
        for row, value in zip(data.data, data.target):
            label = data.target_names[value] if classify else f"{value:g}"
            writer.writerow([f"{v:g}" for v in row] + [label])
    print(f"wrote {len(data.data)} rows × {len(features)} features + {target!r} to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
