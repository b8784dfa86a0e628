"""The quick start: handwritten digits (scikit-learn's load_digits) in ten lines, timed.

Run it with ``python examples/quickstart_digits.py`` (needs scikit-learn); it is
the first example of docs/quickstart.md, with a clock around ``fit``.
"""

import time

from sklearn.datasets import load_digits

import glassnet

X, y = load_digits(return_X_y=True)  # 1,797 images of 8×8 pixels (0–16), labels 0–9
X_train, X_test, y_train, y_test = glassnet.train_test_split(X / 16, y, stratify=y,
                                                             random_state=0)
net = glassnet.Network([64, 64, 10], activation="relu", output_activation="softmax", seed=0)
wall, cpu = time.perf_counter(), time.process_time()
history = net.fit(X_train, y_train, optimizer="adam", learning_rate=0.01, batch_size=32,
                  epochs=10, seed=0)  # labels one-hot encoded; loss="auto": cross-entropy
wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
print(net.evaluate(X_test, y_test))
print(f"fit took {wall:.2f} s ({cpu:.2f} s of CPU); first predictions "
      f"{net.predict_classes(X_test[:5]).tolist()}")
