"""What the two estimators share: the parameter list, the network, and the epoch loop.

The loop is glassnet's :class:`~glassnet.training.Trainer`, an epoch at a
time, with scikit-learn's bookkeeping around it: the L2 penalty in the loss
curve, and its epoch policy (``tol``, ``n_iter_no_change``, the
``learning_rate`` schedules) run by :func:`glassnet.schedules.end_epoch`.
``solver="lbfgs"`` hands the whole set to :func:`glassnet.lbfgs.minimize` (:mod:`._lbfgs`).
"""

from __future__ import annotations

import math
import warnings

import numpy as np
from scipy.sparse import issparse
from sklearn.base import BaseEstimator
from sklearn.exceptions import ConvergenceWarning
from sklearn.utils import check_random_state
from sklearn.utils.validation import check_is_fitted, validate_data

from .. import activations as _activations
from .. import losses as _losses
from ..history import TrainingDivergedError
from ..network import Network
from ..optimizers import SGD, Adam
from ..schedules import Adaptive, Constant, ImprovementTracker, InvScaling, Schedule, end_epoch
from ..training import Trainer
from ._array_api import api as _xp
from ._lbfgs import explain_lbfgs, fit_lbfgs
from ._params import check_params, check_sample_weight
from ._split import split_rows

_SKLEARN_NAMES = {"sigmoid": "logistic"}  # out_activation_ as scikit-learn names it
_NON_FINITE = ("Solver produced non-finite parameter weights. The input data may contain "
               "large values and need to be preprocessed.")


class _BaseMLP(BaseEstimator):
    """Shared fitting machinery; see :class:`MLPClassifier` for the parameters.

    The parameter list is written here once: :class:`MLPRegressor` inherits
    this ``__init__``, and :class:`MLPClassifier` adds ``class_weight`` to it
    (:func:`~glassnet.sklearn._params.with_keywords`).
    """

    def __init__(self, hidden_layer_sizes=(100,), activation="relu", *, solver="adam",
                 alpha=0.0001, batch_size="auto", learning_rate="constant",
                 learning_rate_init=0.001, power_t=0.5, max_iter=200, shuffle=True,
                 random_state=None, tol=1e-4, verbose=False, warm_start=False, momentum=0.9,
                 nesterovs_momentum=True, early_stopping=False, validation_fraction=0.1,
                 beta_1=0.9, beta_2=0.999, epsilon=1e-8, n_iter_no_change=10, max_fun=15000,
                 output_activation=None, loss=None, init="glorot_uniform", dtype=None):
        self.hidden_layer_sizes = hidden_layer_sizes
        self.activation = activation
        self.solver = solver
        self.alpha = alpha
        self.batch_size = batch_size
        self.learning_rate = learning_rate
        self.learning_rate_init = learning_rate_init
        self.power_t = power_t
        self.max_iter = max_iter
        self.shuffle = shuffle
        self.random_state = random_state
        self.tol = tol
        self.verbose = verbose
        self.warm_start = warm_start
        self.momentum = momentum
        self.nesterovs_momentum = nesterovs_momentum
        self.early_stopping = early_stopping
        self.validation_fraction = validation_fraction
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon
        self.n_iter_no_change = n_iter_no_change
        self.max_fun = max_fun
        self.output_activation = output_activation
        self.loss = loss
        self.init = init
        self.dtype = dtype

    # --- building ----------------------------------------------------------------------

    def _activations(self, n_hidden: int):
        acts = self.activation
        acts = [acts] * n_hidden if isinstance(acts, str) else list(acts)
        if len(acts) != n_hidden:
            raise ValueError(f"activation lists {len(acts)} activations for {n_hidden} hidden "
                             "layers")
        return [_activations.get(a) for a in acts]

    def _generator(self):
        if isinstance(self.random_state, np.random.Generator):
            return self.random_state
        if self.random_state is None:
            return np.random.default_rng()
        # An int, or a RandomState as scikit-learn passes them: one draw seeds ours.
        return np.random.default_rng(check_random_state(self.random_state).randint(2**31 - 1))

    def _initialize(self, n_features: int, n_outputs: int, dtype):
        hidden = check_params(self)
        out_act = _activations.get(self.output_activation or self._default_output())
        loss = _losses.get(self.loss or self._default_loss(out_act.name))
        self._rng = self._generator()
        self._network = Network([n_features, *hidden, n_outputs],
                                activation=self._activations(len(hidden)) or "identity",
                                output_activation=out_act, init=self.init, seed=self._rng,
                                dtype=dtype)
        self._optimizer = None  # made by each fit, as scikit-learn's
        self._loss = loss
        self.n_outputs_ = n_outputs
        self.n_layers_ = len(hidden) + 2
        self.out_activation_ = _SKLEARN_NAMES.get(out_act.name, out_act.name)
        self.n_iter_ = 0
        self.t_ = 0
        self._expose_parameters()
        if self.solver != "lbfgs":  # no curve, no scores: as scikit-learn's L-BFGS
            self._start_curves()

    def _start_curves(self):
        """The stochastic solvers' curves and stopping state, kept through warm starts."""
        self.loss_curve_ = []
        self.validation_loss_curve_ = []
        # One tracker per monitored value ("loss", "validation score"); they
        # live as long as the network, through warm starts and partial fits.
        self._trackers = {}
        self._no_improvement_count = 0
        if self.early_stopping:
            self.validation_scores_ = []
            self.best_validation_score_ = -np.inf
            self.best_loss_ = None
        else:
            self.validation_scores_ = None
            self.best_validation_score_ = None
            self.best_loss_ = np.inf

    def _expose_parameters(self):
        """coefs_[i] (n_in, n_out) and intercepts_[i]: views of the network's own arrays."""
        self.coefs_ = [layer.weights.T for layer in self._network.layers]
        self.intercepts_ = [layer.bias for layer in self._network.layers]

    def _dtype_for(self, X):
        if self.dtype is not None:
            return np.dtype(self.dtype)
        return np.dtype(np.float32) if X.dtype == np.float32 else np.dtype(np.float64)

    # --- fitting -----------------------------------------------------------------------

    def _fit(self, X, y, sample_weight, incremental: bool, classes=None):
        if incremental and self.early_stopping:
            raise ValueError("partial_fit does not support early_stopping=True")
        first_call = not (incremental or self.warm_start) or not hasattr(self, "_network")
        like, X, y, sample_weight = _xp.prepare(X, y, sample_weight)  # array API dispatch
        X, Y = self._validate_training_data(X, y, reset=first_call, classes=classes,
                                            incremental=incremental)
        weights = self._sample_weights(sample_weight, X.shape[0], Y)
        if first_call:
            self._initialize(X.shape[1], Y.shape[1], self._dtype_for(X))
        net = self._network
        X, Y = X.astype(net.dtype, copy=False), Y.astype(net.dtype, copy=False)
        _xp.place(net, None if self.solver == "lbfgs" else like)  # where this fit computes
        if self.solver == "lbfgs":
            fit_lbfgs(self, X, Y, weights)
        else:
            self._fit_stochastic(X, Y, weights, incremental, like)
        _xp.settle(self, like)  # the weights on like's device, coefs_ views of them
        if not _xp.all_finite(net.parameters()):
            raise ValueError(_NON_FINITE)
        return self

    def _fit_stochastic(self, X, Y, weights, incremental: bool, like=None):
        """``max_iter`` epochs (one for ``partial_fit``) with scikit-learn's epoch policy."""
        net = self._network
        if "_trackers" not in self.__dict__:  # a warm start after solver="lbfgs"
            self._start_curves()
        # As scikit-learn: a new optimizer (η, momenta) for every fit, even a warm
        # start; partial_fit goes on with the one it has.
        if not incremental or self._optimizer is None:
            self._optimizer = self._new_optimizer()
            self._optimizer.learning_rate = self._schedule().start(self._optimizer.learning_rate)
        validating = self.early_stopping
        if validating:
            X, Y, weights, X_val, Y_val = self._split_validation(X, Y, weights)
        trainer = self._trainer(_xp.moved(X, like), Y, weights)  # X on like's device
        tracker, schedule = self._tracker(validating), self._schedule()
        n_samples = X.shape[0]
        total_weight = n_samples if weights is None else float(np.sum(weights))
        n_batches = math.ceil(n_samples / trainer.batch_size)
        self.n_iter_ = 0  # the epochs of this call, as scikit-learn counts them
        for _ in range(1 if incremental else self.max_iter):
            # scikit-learn adds ½α‖W‖²/n_batch to each batch's loss, before its update,
            # and averages over samples: ≈ n_batches·½α‖W‖²/n (exact for one batch).
            penalty = self._penalty(total_weight) * n_batches
            try:
                loss = trainer.run_epoch()["loss"] + penalty
            except TrainingDivergedError as exc:
                # The trainer kept the last finite weights. scikit-learn scores such an
                # epoch NaN and keeps the best epoch's weights; without a validation
                # split there is nothing to go back to: it reports non-finite weights.
                if not validating or tracker.best_params is None:  # (no epoch to go back to)
                    raise ValueError(_NON_FINITE) from exc
                self.n_iter_, self.t_ = self.n_iter_ + 1, self.t_ + n_samples
                for curve in (self.loss_curve_, self.validation_loss_curve_,
                              self.validation_scores_):
                    curve.append(math.nan)  # (an epoch's every curve, as scikit-learn's)
                best, chance = tracker.best, self._chance_score(Y_val)
                warnings.warn(f"Training diverged in epoch {self.n_iter_} (the loss is no "
                              f"longer finite; try a smaller learning_rate_init than "
                              f"{self.learning_rate_init}): the weights of the best validation "
                              "epoch are kept" + (f", but its validation score ({best:.3g}) is "
                              f"no better than a constant prediction's ({chance:.3g}): the "
                              "model is not usable" if not best > chance else "") + ".",
                              ConvergenceWarning, stacklevel=4)
                break
            self.n_iter_ += 1
            self.t_ += n_samples
            self.loss_curve_.append(loss)
            if self.verbose:
                print(f"Iteration {self.n_iter_}, loss = {loss:.8f}")
            monitored = loss
            if validating:
                with np.errstate(over="ignore", invalid="ignore"):
                    output = _xp.predict(net, X_val, None)
                self.validation_loss_curve_.append(self._loss.value(output, Y_val))
                monitored = (self._validation_score(output, Y_val)
                             if np.all(np.isfinite(output)) else math.nan)
                self.validation_scores_.append(monitored)
            verdict = end_epoch(self._optimizer, schedule, tracker, monitored,
                                epoch=len(self.loss_curve_), samples_seen=self.t_,
                                params=net.parameters() if validating else None)
            self._no_improvement_count = tracker.count
            if validating:
                self.best_validation_score_ = tracker.best
            else:
                self.best_loss_ = tracker.best
            if verdict == "slowed" and self.verbose:
                print(f"Setting learning rate to {self._optimizer.learning_rate:f}")
            if verdict == "stop":
                if self.verbose:
                    kind = "Validation score" if validating else "Training loss"
                    print(f"{kind} did not improve more than tol={self.tol:f} for "
                          f"{self.n_iter_no_change} consecutive epochs. Stopping.")
                break
        else:  # every epoch ran without meeting the stopping rule
            if not incremental:
                warnings.warn(f"Stochastic Optimizer: Maximum iterations ({self.max_iter}) "
                              "reached and the optimization hasn't converged yet.",
                              ConvergenceWarning, stacklevel=4)
        if validating and tracker.best_params is not None:
            net.set_parameters(tracker.best_params)
        if self.loss_curve_:
            self.loss_ = self.loss_curve_[-1]

    def _new_optimizer(self):
        if self.solver == "sgd":
            return SGD(self.learning_rate_init, momentum=self.momentum,
                       nesterov=self.nesterovs_momentum and self.momentum > 0)
        return Adam(self.learning_rate_init, self.beta_1, self.beta_2, self.epsilon)

    def _trainer(self, X, Y, weights) -> Trainer:
        """The epochs of this fit, in batches of ``batch_size``, with the L2 penalty."""
        n_samples = X.shape[0]
        batch_size = min(200, n_samples) if self.batch_size == "auto" else self.batch_size
        if batch_size > n_samples and self.batch_size != "auto":
            warnings.warn("Got `batch_size` less than 1 or larger than sample size. It is going "
                          "to be clipped", UserWarning, stacklevel=4)
        batch_size = min(batch_size, n_samples)
        # scikit-learn adds α·W to the batch's summed gradient before dividing by the
        # batch's total weight: with mean losses that is weight decay α / Σw.
        mean_weight = 1.0 if weights is None else float(np.mean(weights))
        self._optimizer.weight_decay = self.alpha / (batch_size * mean_weight)
        # The Trainer's own policy stays idle (constant η, no early stopping):
        # scikit-learn's watches the penalized loss or a score, run in _fit.
        return Trainer(self._network, X, Y, loss=self._loss, optimizer=self._optimizer,
                       batch_size=batch_size, shuffle=self.shuffle, seed=self._rng,
                       metric=None, sample_weight=weights)

    def _schedule(self) -> Schedule:
        """scikit-learn's ``learning_rate`` schedules, which apply to SGD only; or a glassnet
        schedule object (cosine, step, ...), which applies to SGD and Adam alike."""
        if isinstance(self.learning_rate, Schedule):
            return self.learning_rate
        if self.solver != "sgd" or self.learning_rate == "constant":
            return Constant()
        if self.learning_rate == "invscaling":
            return InvScaling(self.learning_rate_init, self.power_t)
        return Adaptive(factor=5.0, min_learning_rate=1e-6)

    def _tracker(self, validating: bool) -> ImprovementTracker:
        """The tracker of the training loss, or of the validation score."""
        key = "validation score" if validating else "loss"
        if key not in self._trackers:
            self._trackers[key] = ImprovementTracker(higher_is_better=validating,
                                                     tol_from="best")
        tracker = self._trackers[key]
        # Read at every fit, since set_params may change them between warm starts.
        # scikit-learn acts once the count *exceeds* n_iter_no_change.
        # n_iter_no_change=np.inf never stops: math.inf + 1 is a patience never reached.
        tracker.patience, tracker.tol = self.n_iter_no_change + 1, self.tol
        return tracker

    def _split_validation(self, X, Y, weights):
        """Hold out ``validation_fraction`` of the rows as scikit-learn does (:mod:`._split`)."""
        train, val = split_rows(X.shape[0], self.validation_fraction, self._rng,
                                self._stratify_labels(Y))
        weights = None if weights is None else weights[train]
        return X[train], Y[train], weights, X[val], Y[val]

    def _stratify_labels(self, Y):
        return None

    def _penalty(self, total_weight: float) -> float:
        if not self.alpha:
            return 0.0
        # From the network's own arrays: coefs_ are views of them, but the weights are
        # the truth (a coefs_ someone replaced would otherwise skew the loss).
        squares = sum(_xp.squared_norm(layer.weights) for layer in self._network.layers)
        return 0.5 * self.alpha * squares / total_weight

    def _sample_weights(self, sample_weight, n_samples, Y):
        weights = check_sample_weight(sample_weight, n_samples)
        class_weights = self._class_weights(Y)
        if class_weights is not None:
            weights = class_weights if weights is None else weights * class_weights
        return weights

    def _class_weights(self, Y):
        return None

    # --- using -------------------------------------------------------------------------

    def _forward(self, X, method: str = "predict"):
        check_is_fitted(self, "n_outputs_")
        like, X = _xp.prepared_input(self, X, method)
        X = dense(validate_data(self, X, reset=False, dtype=(np.float64, np.float32),
                                accept_sparse=("csr", "csc")))
        return _xp.predict(self._network, X.astype(self._network.dtype, copy=False), like)

    def hidden_activations(self, X) -> list[np.ndarray]:
        """The output of every hidden layer for ``X``.

        Returns
        -------
        list of ndarray
            ``[a^[1], ..., a^[L-1]]``, each of shape (n_samples, n_nodes).
        """
        check_is_fitted(self, "n_outputs_")
        like, X = _xp.prepared_input(self, X, "hidden_activations")
        X = dense(validate_data(self, X, reset=False, dtype=(np.float64, np.float32),
                                accept_sparse=("csr", "csc")))
        return _xp.hidden(self._network, X.astype(self._network.dtype), like)

    def explain_lbfgs_step(self, X, y, step: int = 1, sample_weight=None, max_values: int = 12):
        """Explain iteration ``step`` of L-BFGS from the fitted weights (``solver="lbfgs"``).

        What a ``warm_start`` fit would do: the history pairs, the two-loop
        recursion's direction, the line search's trials and the new weights,
        read off SciPy's own run (:func:`glassnet.explain.explain_lbfgs_step`).
        Nothing is changed. ``X``, ``y`` and ``sample_weight`` as in ``fit``.

        Returns
        -------
        glassnet.Explanation
            ``.render("text" | "markdown" | "latex" | "json")``.
        """
        return explain_lbfgs(self, X, y, step, sample_weight, max_values)

    @property
    def network_(self) -> Network:
        """The fitted :class:`~glassnet.Network` (explain it, save it, plot it)."""
        check_is_fitted(self, "n_outputs_")
        return self._network

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.multi_output = True
        tags.input_tags.sparse = True  # accepted, and densified
        return tags

    # --- pickle and copy.deepcopy --------------------------------------------------------

    def __getstate__(self):
        # coefs_ and intercepts_ are views of the network's arrays; pickled, they would
        # come back as copies that the next partial_fit leaves stale. Rebuild them.
        state = dict(super().__getstate__())
        state.pop("coefs_", None)
        state.pop("intercepts_", None)
        return state

    def __setstate__(self, state):
        super().__setstate__(state)
        if "_network" in self.__dict__:
            self._expose_parameters()


def dense(X):
    """``X`` as a dense array: glassnet's layers multiply dense arrays, so sparse input
    is densified (all of it at once: mind the memory of a large sparse matrix)."""
    return X.toarray() if issparse(X) else X
