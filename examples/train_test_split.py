"""Split, train and predict on new data: scikit-learn's bundled breast-cancer set.

Needs scikit-learn for the data only: pip install "glassnet[sklearn]".

Run: python examples/train_test_split.py
"""

from sklearn.datasets import load_breast_cancer

from glassnet import Network, Standardizer, accuracy, train_test_split

X, y = load_breast_cancer(return_X_y=True)
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, stratify=y, seed=0)
scaler = Standardizer().fit(X_train)  # statistics of the training part only

net = Network([X.shape[1], 16, 1], activation="relu", output_activation="sigmoid", seed=0)
history = net.fit(scaler.transform(X_train), y_train, loss="binary_cross_entropy",
                  optimizer="adam", learning_rate=0.01, epochs=100, batch_size=32,
                  validation_fraction=0.2, early_stopping=True, patience=10, seed=0)

# Prediction is the full forward pass, every activation included.
predicted = (net.predict(scaler.transform(X_test))[:, 0] >= 0.5).astype(int)
print(f"trained {history.epochs} epochs; test accuracy {accuracy(y_test, predicted):.3f}")
