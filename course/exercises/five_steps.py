"""Checks for exercise 1 (lesson 1, the five steps): targets shaped like the model's output; one training step."""
import torch

from course.exercises import mistakes
from course.exercises.probe import (StepWatch, as_number, broadcast_loss, broadcasting_is_a_mistake, close,
                                    lr_changed, reference_step, same_weights, summed, tiny_loader, tiny_model)
from course.exercises.verdict import check, correct, fail

LR = 0.1  # large enough that one wrong step moves the weights far beyond rounding


@check
def check_targets(y, X, w_true, b_true, noise):
    """Exercise 1a: y = X @ w_true + b_true + noise, as a column (N, 1) like the model's output."""
    __tracebackhide__ = True
    fix = "Fix: y = (X @ w_true + b_true + noise).unsqueeze(1)."
    if not isinstance(y, torch.Tensor):
        fail(f"y is a {type(y).__name__}, not a tensor: the model takes and returns tensors. {fix}")
    if y.dtype != torch.float32:
        fail(f"y is {y.dtype}, but the model's output is torch.float32: mixing the two, PyTorch either computes "
             "in the wider dtype without a word or stops (torch.allclose: \"Double did not match Float\"). Fix: make y from the float32 tensors "
             "given, or convert it, y.float().")
    output = (len(X), 1)  # what nn.Linear(n_features, 1) returns for X
    if tuple(y.shape) != output:
        if y.numel() > len(X):
            fail(f"y has shape {tuple(y.shape)}: {y.numel()} numbers for {len(X)} samples. A column (N, 1) and a "
                 f"row (N,) in one sum broadcast into a table. Fix: add the (N,) terms first, then make the "
                 f"column: y = (X @ w_true + b_true + noise).unsqueeze(1).")
        try:
            torch.broadcast_shapes(output, y.shape)
        except RuntimeError:
            fail(f"y has shape {tuple(y.shape)}. Fix: one row per sample and one column, {output}.")
        fail(mistakes.BROADCAST.format(target=tuple(y.shape), output=output))
    clean = X @ w_true + b_true
    rest = y.view(-1) - clean  # what y adds to the line: should be the noise
    if torch.allclose(rest, noise, atol=1e-5):
        correct(f"y has the shape of the model's output, {output}, and the recipe's values.")
        return
    if torch.allclose(rest, torch.zeros_like(rest), atol=1e-5):
        fail(f"y has no noise: it is exactly X @ w_true + b_true, a line no real data follows. {fix}")
    if torch.allclose(rest, noise - b_true, atol=1e-5):
        fail(f"y has no bias: b_true is missing, so the line goes through the origin. {fix}")
    offset = rest - noise
    if torch.allclose(offset, offset.mean().expand_as(offset), atol=1e-5):
        fail(f"y is off by a constant: the bias is not b_true. {fix}")
    if 0.5 < float(rest.std() / noise.std()) < 2:
        fail("y's noise is not the `noise` given (a new random draw gives other numbers, and the check and later "
             f"cells compare with the given one). {fix}")
    fail(f"y has the right shape but not the right values. {fix}")


@check
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
            lr_changed(optimizer, LR, who)
            value = as_number(loss, who, fix)
            if close(value, broadcast):
                fail(mistakes.BROADCAST.format(target=(len(y),), output=tuple(y.shape)))
            summed(value, expected, len(y), who)
            if not close(value, expected):
                fail(f"{who} returns {value:.4f} at step {number}, but the mean squared error of the batch is "
                     f"{expected:.4f}. Fix: loss = F.mse_loss(model(x), y) before the step, then {fix}.")
            if not same_weights(model, reference):
                fail(f"After step {number} the weights differ from one SGD step on F.mse_loss(model(x), y). "
                     "Fix: step with the optimizer you were given, on that loss.")
    finally:
        watch.remove()
