"""Lesson 7: the hand-written MiniTrainer runs the course's own LitRegressor (unchanged) to the same losses, weights
and validation metrics as L.Trainer, calling the module's and the callbacks' hooks in the order Lightning does."""

import lightning as L
import pytest
import torch

import lightning_version.features.validation
import lightning_version.minimal
from course.mini_trainer import MiniTrainer, fit_on_task
from task.config import TrainConfig

STAGES = {  # the course's own modules, and the config their train() uses
    "minimal": (lightning_version.minimal, TrainConfig()),
    "validation": (lightning_version.features.validation, TrainConfig(val_fraction=0.2)),
}


def mini(config):
    return lambda callbacks: MiniTrainer(max_epochs=config.epochs, callbacks=callbacks)


def lightning(config):
    """The Trainer of the stage's train(), with the recording callbacks."""
    return lambda callbacks: L.Trainer(
        max_epochs=config.epochs,
        callbacks=callbacks,
        logger=False,
        enable_checkpointing=False,
        num_sanity_val_steps=0,
    )


@pytest.mark.parametrize("shuffle", [False, True], ids=["in-order", "shuffled"])
@pytest.mark.parametrize("name", STAGES)
def test_the_mini_trainer_trains_as_the_course_trainer_does(name, shuffle):
    """Against the stage's own train(): its Trainer, its module, its data, untouched."""
    stage, config = STAGES[name]
    config = TrainConfig(**{**vars(config), "shuffle": shuffle})
    expected = stage.train(config)
    losses, model, validations, _ = fit_on_task(mini(config), stage, config)
    assert len(losses) == len(expected[0]) == config.epochs * (8 if config.val_fraction else 10)
    assert torch.equal(torch.stack(losses), torch.stack(expected[0]))
    assert torch.equal(model.model.linear.weight, expected[1].linear.weight)
    assert torch.equal(model.model.linear.bias, expected[1].linear.bias)
    if config.val_fraction:
        assert len(validations) == len(expected[2]) == config.epochs
        for mine, theirs in zip(validations, expected[2]):
            assert mine.keys() == theirs.keys() == {"val_loss", "val_r2"}
            for key in mine:
                assert torch.equal(mine[key], theirs[key]), key


@pytest.fixture(scope="module", params=list(STAGES))
def hook_calls(request):
    """Both trainers on a small task (2 epochs of 3 batches, 1 validation batch), hooks recorded."""
    stage, config = STAGES[request.param]
    config = TrainConfig(
        **{**vars(config), "n_samples": 30 if config.val_fraction else 25, "epochs": 2}
    )
    calls = {
        side: fit_on_task(make(config), stage, config)[3]
        for side, make in (("lightning", lightning), ("mini", mini))
    }
    return {**calls, "validates": bool(config.val_fraction)}


def test_the_mini_trainer_calls_the_hooks_in_lightnings_order(hook_calls):
    assert hook_calls["mini"] == hook_calls["lightning"]


def test_the_recorded_order_covers_the_loop(hook_calls):
    """Guards the test above: the recording saw the steps, the callbacks and every batch."""
    calls = hook_calls["lightning"]
    assert calls.count("training_step") == 6
    assert calls.count("callback.on_train_batch_end") == calls.count("on_train_batch_end") == 6
    assert calls.index("optimizer_step") < calls.index("training_step") < calls.index("backward")
    # 1 batch, 2 epochs
    assert calls.count("validation_step") == (2 if hook_calls["validates"] else 0)
