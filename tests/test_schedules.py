"""The epoch policy: learning-rate schedules, the improvement tracker, end_epoch."""

import math

import numpy as np
import pytest

from glassnet import SGD, Network
from glassnet import schedules as sch
from glassnet.schedules import Adaptive, Constant, ImprovementTracker, InvScaling, end_epoch


def test_invscaling_is_eta0_over_samples_seen_plus_one_to_the_power_t():
    schedule = InvScaling(eta0=0.5, power_t=0.5)
    # The current η does not matter: only η₀ and t, the samples seen.
    assert schedule.after_epoch(123.0, samples_seen=0) == 0.5
    assert schedule.after_epoch(0.5, samples_seen=3) == 0.25          # 0.5 / √4
    assert schedule.after_epoch(0.5, samples_seen=99) == 0.05         # 0.5 / √100
    assert InvScaling(0.1, power_t=1.0).after_epoch(0.1, samples_seen=9) == 0.01
    assert InvScaling(0.3, power_t=0.0).after_epoch(0.3, samples_seen=10**6) == 0.3
    assert schedule.on_plateau(0.5) is None  # a plateau stops


def test_constant_keeps_eta_and_stops_on_a_plateau():
    assert Constant().after_epoch(0.07, samples_seen=1000) == 0.07
    assert Constant().on_plateau(0.07) is None


def test_adaptive_divides_by_the_factor_until_the_floor_then_stops():
    schedule = Adaptive()  # scikit-learn's: factor 5, floor 1e-6
    assert schedule.after_epoch(0.01, samples_seen=500) == 0.01
    rates = [0.01]
    while (lower := schedule.on_plateau(rates[-1])) is not None:
        rates.append(lower)
    # Divided by 5 while the rate is still above 1e-6: it ends one division below.
    assert rates == pytest.approx([0.01 / 5**k for k in range(7)], rel=1e-15)
    assert all(lower == rate / 5 for rate, lower in zip(rates, rates[1:]))
    assert rates[-2] > 1e-6 >= rates[-1]
    assert Adaptive(factor=2.0, min_learning_rate=0.1).on_plateau(0.3) == 0.15
    assert Adaptive(factor=2.0, min_learning_rate=0.1).on_plateau(0.1) is None


def test_get_by_name_alias_or_instance_and_unknown_names_listed():
    assert sch.get("constant", 0.1) == Constant()
    assert sch.get("invscaling", 0.2) == InvScaling(0.2, 0.5)
    assert sch.get("plateau", 0.1) == Adaptive(5.0, 1e-6)
    mine = InvScaling(0.3, power_t=0.25)
    assert sch.get(mine, 0.1) is mine
    with pytest.raises(ValueError, match="unknown learning-rate schedule 'cosin'.*constant, "
                                         "invscaling, adaptive.*did you mean 'cosine'"):
        sch.get("cosin", 0.1)
    with pytest.raises(ValueError, match="'cosine' schedule needs the number of epochs"):
        sch.get("cosine", 0.1)
    assert sch.get("cosine", 0.1, epochs=20) == sch.Cosine(0.1, epochs=20)


def test_patience_counts_epochs_without_improvement():
    tracker = ImprovementTracker(patience=3)
    losses = [1.0, 0.8, 0.9, 0.85, 0.8, 0.7, 0.75]
    seen = []
    for epoch, loss in enumerate(losses, start=1):
        improved = tracker.update(loss, epoch)
        seen.append((improved, tracker.count, tracker.exhausted))
    assert seen == [(True, 0, False), (True, 0, False), (False, 1, False), (False, 2, False),
                    (False, 3, True),  # 0.8 equals the best: not an improvement (strict)
                    (True, 0, False), (False, 1, False)]
    assert tracker.best == 0.7 and tracker.best_epoch == 6


def test_tol_from_improvement_measures_from_the_last_improvement():
    tracker = ImprovementTracker(patience=10, tol=0.1)
    for epoch, loss in enumerate([1.0, 0.95, 0.92, 0.899], start=1):
        tracker.update(loss, epoch)
    # 0.95 and 0.92 fell by less than tol: best stays 1.0, and 0.899 < 1.0 - 0.1 counts.
    assert (tracker.best, tracker.best_epoch, tracker.count) == (0.899, 4, 0)


def test_tol_from_best_follows_every_new_best_as_scikit_learn():
    tracker = ImprovementTracker(patience=10, tol=0.1, tol_from="best")
    for epoch, loss in enumerate([1.0, 0.95, 0.92, 0.899], start=1):
        tracker.update(loss, epoch)
    # best follows 0.95 and 0.92, so 0.899 is not 0.1 below the best any more.
    assert (tracker.best, tracker.best_epoch, tracker.count) == (0.899, 4, 3)
    # Equality counts as improvement here: loss ≤ best - tol (tol 0: a tie resets).
    tie = ImprovementTracker(tol=0.0, tol_from="best")
    assert [tie.update(v, e) for e, v in enumerate([1.0, 1.0, 1.0], 1)] == [True, True, True]
    assert tie.best_epoch == 1  # a tie is no new best


def test_higher_is_better_for_scores():
    tracker = ImprovementTracker(patience=2, tol=0.01, higher_is_better=True)
    assert tracker.best == -math.inf
    assert [tracker.update(s, e) for e, s in enumerate([0.5, 0.505, 0.52, 0.4], 1)] == \
        [True, False, True, False]
    assert tracker.best == 0.52 and tracker.count == 1 and not tracker.exhausted
    sk = ImprovementTracker(tol=0.01, higher_is_better=True, tol_from="best")
    assert [sk.update(s, e) for e, s in enumerate([0.5, 0.52, 0.525], 1)] == [True, True, False]
    assert sk.best == 0.525 and sk.best_epoch == 3 and sk.count == 1


def test_best_params_are_copies_taken_when_best_moves():
    params = {"W1": np.array([1.0, 2.0])}
    tracker = ImprovementTracker()
    tracker.update(0.5, 1, params)
    params["W1"][...] = 9.0
    tracker.update(0.6, 2, params)  # worse: no copy
    np.testing.assert_array_equal(tracker.best_params["W1"], [1.0, 2.0])


def test_bad_settings_are_named():
    with pytest.raises(ValueError, match="patience must be a positive integer, got 0"):
        ImprovementTracker(patience=0)
    with pytest.raises(ValueError, match="tol_from must be"):
        ImprovementTracker(tol_from="last")


def test_end_epoch_continues_slows_then_stops():
    opt = SGD(learning_rate=1e-5)
    tracker = ImprovementTracker(patience=2)
    verdicts = [end_epoch(opt, Adaptive(), tracker, 1.0, epoch=e, samples_seen=10 * e)
                for e in range(1, 8)]
    # Epoch 1 improves; each two flat epochs after it are a plateau: η/5, then η/25
    # (now ≤ 1e-6), then the floor is reached and the next plateau stops.
    assert verdicts == ["continue", "continue", "slowed", "continue", "slowed", "continue",
                        "stop"]
    assert opt.learning_rate == 1e-5 / 5 / 5


def test_end_epoch_applies_invscaling_every_epoch():
    opt = SGD(learning_rate=0.5)
    tracker = ImprovementTracker(patience=100)
    for epoch in (1, 2, 3):
        assert end_epoch(opt, InvScaling(0.5), tracker, 1.0 / epoch, epoch=epoch,
                         samples_seen=8 * epoch) == "continue"
    assert opt.learning_rate == 0.5 / 25 ** 0.5


def test_fit_takes_a_schedule():
    X = np.array([[0.0, 1.0], [1.0, 0.0], [1.0, 1.0], [0.0, 0.0]])
    y = np.array([1.0, 1.0, 0.0, 0.0])
    opt = SGD(learning_rate=0.4)
    Network([2, 3, 1], seed=0).fit(X, y, optimizer=opt, epochs=3, batch_size=2,
                                   schedule="invscaling", seed=0)
    assert opt.learning_rate == 0.4 / (3 * 4 + 1) ** 0.5  # t = 3 epochs × 4 samples
    # A plateau without early stopping lowers η but never stops training.
    opt = SGD(learning_rate=1e-9)  # too small to move the loss by 1e-3
    history = Network([2, 3, 1], seed=0).fit(X, y, optimizer=opt, epochs=12, patience=2,
                                             min_delta=1e-3, schedule="adaptive", seed=0,
                                             warn=False)  # a loss that did not fall, on purpose
    assert history.epochs == 12 and not history.stopped_early
    assert opt.learning_rate == 1e-9  # already at the floor: nothing lower
    opt = SGD(learning_rate=1e-5)
    history = Network([2, 3, 1], seed=0).fit(X, y, optimizer=opt, epochs=50, patience=2,
                                             min_delta=1e-3, schedule="adaptive",
                                             early_stopping=True, seed=0, warn=False)
    # Improves at epoch 1; plateaus at 3 (η/5) and 5 (η/25 ≤ 1e-6); stops at 7.
    assert history.stopped_early and history.epochs == 7 and history.best_epoch == 1
    assert opt.learning_rate == 1e-5 / 5 / 5


# --- the schedules by epoch: step, exponential, cosine with warm-up ----------------------


def test_step_exponential_and_cosine_follow_their_formulas():
    step = sch.Step(0.2, step_size=3, gamma=0.1)
    assert [step.rate(e) for e in (1, 3, 4, 7)] == pytest.approx([0.2, 0.2, 0.02, 0.002])
    exponential = sch.Exponential(0.2, gamma=0.9)
    assert exponential.rate(4) == pytest.approx(0.2 * 0.9**3)
    cosine = sch.Cosine(0.2, epochs=10, warmup=2, min_learning_rate=0.02)
    rates = [cosine.rate(e) for e in range(1, 13)]
    assert rates[:3] == pytest.approx([0.1, 0.2, 0.2])
    # η_e = η_min + ½(η₀ - η_min)(1 + cos(π(e - w - 1)/(E - w))): e = 7 is half way.
    assert rates[6] == pytest.approx(0.02 + 0.5 * 0.18 * (1 + math.cos(math.pi * 4 / 8)))
    assert rates[9] == rates[10] == rates[11] > 0.02  # after E: η_E, never 0
    assert cosine.formula.endswith("; past epoch E, epoch E's")  # (and explain says so)
    assert sch.ReduceOnPlateau is sch.Adaptive


@pytest.mark.parametrize("schedule", [
    "step", "exponential", sch.Cosine(0.5, epochs=12, warmup=3),
    sch.Step(0.5, step_size=2, gamma=0.5)])
def test_fit_uses_the_schedules_rate_in_each_epoch(schedule):
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(16, 2)), rng.normal(size=16)
    rates = []
    Network([2, 3, 1], seed=0).fit(X, y, learning_rate=0.5, epochs=12, schedule=schedule,
                                   callback=lambda e, logs: rates.append(logs["learning_rate"]),
                                   warn=False)
    expected = sch.get(schedule, 0.5, epochs=12)
    assert rates == pytest.approx([expected.rate(e) for e in range(1, 13)], rel=1e-15)


def test_cosine_by_name_runs_over_fits_epochs_and_bad_constants_are_named():
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(8, 2)), rng.normal(size=8)
    rates = []
    Network([2, 1], seed=0).fit(X, y, epochs=4, schedule="cosine",
                                callback=lambda e, logs: rates.append(logs["learning_rate"]))
    assert rates == pytest.approx([0.1, 0.1 * 0.5 * (1 + math.cos(math.pi / 4)), 0.05,
                                   0.1 * 0.5 * (1 + math.cos(3 * math.pi / 4))])
    with pytest.raises(ValueError, match=r"warmup \(5\) must be fewer than epochs \(5\)"):
        sch.Cosine(0.1, epochs=5, warmup=5)
    with pytest.raises(ValueError, match=r"gamma must be in \(0.0, 1.0\]"):
        sch.Exponential(0.1, gamma=1.5)
    with pytest.raises(ValueError, match="step_size must be a positive integer"):
        sch.Step(0.1, step_size=0)
