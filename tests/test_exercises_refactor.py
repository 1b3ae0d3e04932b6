"""Exercise 3's checks, beyond the corpus: the device trap's exact words as the meta device gives them, hooks run in a
real Trainer (probe.run_in_trainer), an untouched exercise left to propagate, and 3c naming a Trainer argument only
when running the student's train without it proves it."""

import lightning as L
import pytest
import torch
import torch.nn.functional as F
from torch.utils.data import DataLoader

from course.exercises import mistakes
from course.exercises.minimal_pair import check_minimal_train
from course.exercises.probe import N_FEATURES, run_in_trainer, tiny_loader
from course.exercises.refactor import check_lit_module, check_validation_step
from course.exercises.verdict import ExerciseError
from lightning_version.minimal import LitRegressor as MinimalLitRegressor
from lightning_version.minimal import Losses
from staff.exercise_corpus.lesson3 import (
    AsInTheSolution,
    Given,
    minimal,
    weights_on_the_cpu,
    with_training_step,
)
from task.recipe import make_data, make_dataset


def test_a_tensor_made_on_the_cpu_in_training_step_quotes_the_trap():
    with pytest.raises(ExerciseError) as error:
        check_lit_module(with_training_step(weights_on_the_cpu))
    trap = "Tensor on device meta is not on the expected device cpu!"
    assert str(error.value) == mistakes.NEW_TENSOR_ON_CPU.format(error=trap, device="meta")


class Records(AsInTheSolution):
    def training_step(self, batch, batch_idx):
        x, y = batch
        if batch_idx == 1:
            # a move off the Trainer's device
            x = x.cuda() if self.device.type == "meta" else x.to("meta")
        if batch_idx == 2:
            optimizer = self.optimizers()
            loss = F.mse_loss(self(x), y)
            loss.backward(retain_graph=True)
            optimizer.step()
            optimizer.zero_grad()
        assert self.trainer.is_global_zero  # needs a Trainer
        return F.mse_loss(self(x if x.device == self.device else batch[0]), y)


@pytest.mark.parametrize("device", [None, "meta"])
def test_run_in_trainer_records_each_call_as_the_hook_saw_it(device):
    module = Records(N_FEATURES, 0.1)
    seen = []
    _, calls = run_in_trainer(
        module, tiny_loader(), on_call=seen.append, device=device, max_epochs=1
    )
    assert seen == calls and [(call.epoch, call.batch_idx) for call in calls] == [
        (0, 0),
        (0, 1),
        (0, 2),
    ]
    first, moved, stepped = calls
    assert (
        not first.moved
        and not first.backward
        and first.steps == 0
        and first.returned.grad_fn is not None
    )
    assert len(moved.moved) == 1 and moved.moved[0][0].type == (device or "cpu")
    assert stepped.backward and stepped.steps == 1
    assert first.batch[0].device.type == (device or "cpu") and first.batch[0].shape == (
        4,
        N_FEATURES,
    )
    if device is None:
        assert torch.equal(first.batch[0], next(iter(tiny_loader()))[0])  # the batch as given
    assert "training_step" not in vars(module)  # the watch is taken off again


class Untouched(Given):
    def training_step(self, batch, batch_idx):
        raise NotImplementedError(
            "Exercise 3a: fill in training_step. Replace this line with your answer."
        )

    def configure_optimizers(self):
        raise NotImplementedError(
            "Exercise 3a: fill in configure_optimizers. Replace this line with your answer."
        )


class ValidationUntouched(AsInTheSolution):
    def validation_step(self, batch, batch_idx):
        raise NotImplementedError(
            "Exercise 3b: write validation_step. Replace this line with your answer."
        )


def train_untouched(config):
    raise NotImplementedError(
        "Exercise 3c: write train(config). Replace this line with your answer."
    )


@pytest.mark.parametrize(
    "check, answer",
    [
        (check_lit_module, Untouched),
        (check_validation_step, ValidationUntouched),
        (check_minimal_train, train_untouched),
    ],
)
def test_an_untouched_exercise_raises_its_own_gap(check, answer):
    with pytest.raises(NotImplementedError, match=r"^Exercise 3"):
        check(answer)


class WithMomentum(MinimalLitRegressor):
    def configure_optimizers(self):
        return torch.optim.SGD(self.parameters(), lr=self.hparams.lr, momentum=0.5)


def momentum_in_the_module(config):
    """The numbers differ for a reason no Trainer argument holds: the module's own optimizer."""
    L.seed_everything(config.seed, verbose=False)
    X, y, _, _ = make_data(config)
    model = WithMomentum(config.n_features, config.lr)
    losses = Losses()
    trainer = L.Trainer(
        max_epochs=config.epochs,
        callbacks=[losses],
        logger=False,
        enable_checkpointing=False,
        deterministic=True,
        gradient_clip_val=0,
    )
    trainer.fit(
        model, DataLoader(make_dataset(X, y), batch_size=config.batch_size, shuffle=config.shuffle)
    )
    return losses.values, model.model


def test_3c_says_what_differs_where_when_no_trainer_argument_explains_it():
    with pytest.raises(ExerciseError) as error:
        check_minimal_train(momentum_in_the_module)
    message = str(error.value)
    assert "from step 2 on (epoch 0, batch 2)" in message  # momentum's first step is plain SGD's
    assert "with the same initial weights and the same rows" in message
    # listed as built, never blamed
    assert "because of" not in message and "deterministic=True" in message


def test_3c_blames_the_argument_that_running_without_it_proves():
    with pytest.raises(ExerciseError) as error:
        check_minimal_train(
            minimal(trainer_options={"gradient_clip_val": 0.5, "deterministic": True})
        )
    assert "because of the Trainer's gradient_clip_val=0.5" in str(error.value)
