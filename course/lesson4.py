"""Helpers of lesson 4 (notebooks/04_dangers.ipynb): each is called in one short line, so the lesson's cells show
the danger and its fix, not the plumbing around them."""

from common.result import TrainResult
from course import silent
from course.compare import identical
from course.cost import SIDES, stage_train
from lightning_version.train import train as train_lightning
from vanilla.train import train as train_vanilla


def stage_pair(feature, config):
    """Trains vanilla/features/FEATURE.py, its Lightning twin and both full versions (vanilla/train.py,
    lightning_version/train.py) with `config`, quietly.

    Returns (the vanilla stage's weights as a TrainResult, {name: whether that run agrees bitwise with the vanilla
    stage}) for the Lightning stage and the two full versions.
    """
    with silent():
        runs = [stage_train(side, feature)(config) for side in SIDES]
        stages = [
            TrainResult.from_history(
                {"step_losses": losses, "val_loss": [], "val_r2": []}, model.linear, 10
            )
            for losses, model in runs
        ]
        fulls = train_vanilla(config), train_lightning(config)
    names = ("Lightning stage", "vanilla/train.py", "lightning_version/train.py")
    return stages[0], {
        name: all(identical(stages[0], other).values())
        for name, other in zip(names, [stages[1], *fulls])
    }


def plot_costs(costs):
    """A bar chart of `course.cost.cost()`: the lines each feature adds or changes, by hand and in Lightning."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 2.5))
    ax.barh(
        [f"{feature} (vanilla)" for feature in costs],
        [by_hand for by_hand, _ in costs.values()],
        color="tab:red",
    )
    ax.barh(
        [f"{feature} (Lightning)" for feature in costs],
        [lit for _, lit in costs.values()],
        color="tab:purple",
    )
    ax.set(xlabel="lines of code the feature adds or changes", title="What each feature costs")
    plt.show()
