"""Checks for exercise 1 (lesson 1, the five steps): targets shaped like the model's output; one training step."""
import torch

from course.exercises import mistakes
from course.exercises.probe import (StepWatch, as_number, broadcast_loss, broadcasting_is_a_mistake, close,
                                    reference_step, same_weights, tiny_loader, tiny_model)
from course.exercises.verdict import correct, fail

LR = 0.1  # large enough that one wrong step moves the weights far beyond rounding


def check_targets(y, X, w_true, b_true, noise):
    """Exercise 1a: y = X @ w_true + b_true + noise, as a column (N, 1) like the model's output."""
    __tracebackhide__ = True
    if not isinstance(y, torch.Tensor):
        fail(f"y is a {type(y).__name__}, not a tensor. Fix: y = X @ w_true + b_true + noise, as a column.")
    output = (len(X), 1)  # what nn.Linear(n_features, 1) returns for X
    if tuple(y.shape) != output:
        try:
            torch.broadcast_shapes(output, y.shape)
        except RuntimeError:
            fail(f"y has shape {tuple(y.shape)}. Fix: one row per sample and one column, {output}.")
        fail(mistakes.BROADCAST.format(target=tuple(y.shape), output=output))
    if not torch.allclose(y, (X @ w_true + b_true + noise).view(-1, 1), atol=1e-5):
        fail("y has the right shape but not the right values. Fix: y = X @ w_true + b_true + noise, as a column.")
    correct(f"y has the shape of the model's output, {output}, and the recipe's values.")


def check_train_step(train_step):
    """Exercise 1b: train_step(model, optimizer, x, y) does the five steps and returns the batch's loss."""
    __tracebackhide__ = True
    run_steps(train_step, "train_step", fix="return loss.item()")
    correct("train_step does forward, loss, zero grad, backward and step, in that order: "
            "the same losses and weights as the reference for 3 steps.")


def run_steps(train_step, who, fix):
    """Runs a student's step on 3 batches beside the reference step, and names the first difference."""
    __tracebackhide__ = True
    model, reference = tiny_model(), tiny_model()
    optimizer = torch.optim.SGD(model.parameters(), lr=LR)
    reference_optimizer = torch.optim.SGD(reference.parameters(), lr=LR)
    watch = StepWatch(model, optimizer)
    try:
        for number, (x, y) in enumerate(tiny_loader(), 1):
            broadcast = broadcast_loss(model, x, y)
            with broadcasting_is_a_mistake():
                loss = train_step(model, optimizer, x, y)
            expected = reference_step(reference, reference_optimizer, x, y)
            if watch.mistake():
                fail(watch.mistake())
            value = as_number(loss, who, fix)
            if close(value, broadcast):
                fail(mistakes.BROADCAST.format(target=(len(y),), output=tuple(y.shape)))
            if not close(value, expected):
                fail(f"{who} returns {value:.4f} at step {number}, but the mean squared error of the batch is "
                     f"{expected:.4f}. Fix: loss = F.mse_loss(model(x), y) before the step, then {fix}.")
            if not same_weights(model, reference):
                fail(f"After step {number} the weights differ from one SGD step on F.mse_loss(model(x), y). "
                     "Fix: step with the optimizer you were given, on that loss.")
    finally:
        watch.remove()
