"""Checks for exercise 2 (lesson 2, the vanilla loop): training epochs, and a validation pass.

The checks run the student's code on a model with dropout, so training mode and eval mode give different numbers.
Its masks depend on the batch alone, not on the global random state, so a student's extra random draws (a debugging
peek at a new iterator) change nothing. train_epoch runs for several epochs with a validation's eval mode before
each, as in a real loop: state kept between calls and a missing model.train() show up there.
"""
import copy

import torch
import torch.nn.functional as F

from course.exercises import mistakes
from course.exercises.probe import (StepWatch, as_number, broadcasting_is_a_mistake, close, lr_changed,
                                    reference_step, same_weights, summed, tiny_loader, tiny_model, watch_forward)
from course.exercises.verdict import check, correct, fail

LR, EPOCHS = 0.1, 3


@check
def check_train_epoch(train_epoch):
    """Exercise 2a: train_epoch(model, optimizer, train_loader) trains one epoch, returns the per-step losses."""
    __tracebackhide__ = True
    train_loader = tiny_loader()
    model, reference = tiny_model(dropout=True), tiny_model(dropout=True)
    optimizer = torch.optim.SGD(model.parameters(), lr=LR)
    reference_optimizer = torch.optim.SGD(reference.parameters(), lr=LR)
    watch = StepWatch(model, optimizer)
    returned, calls = [], []
    try:
        for epoch in range(EPOCHS):
            model.eval()  # as the validation pass after every epoch leaves it
            with watch_forward(model) as calls_now, broadcasting_is_a_mistake():
                losses = train_epoch(model, optimizer, train_loader)
            returned.append(list(losses) if isinstance(losses, (list, tuple)) else losses)  # as it was then
            calls.append(calls_now)
            if not calls_now:
                fail("train_epoch never calls the model. Fix: for x, y in train_loader: the five steps.")
            if not all(training for training, _ in calls_now):
                fail(mistakes.NO_TRAIN if epoch == 0 else
                     f"In epoch {epoch + 1} train_epoch trains in eval mode: it calls model.train() only the first "
                     "time. " + mistakes.NO_TRAIN.split(": ", 1)[1])
    finally:
        watch.remove()
    if watch.mistake():
        fail(watch.mistake())
    lr_changed(optimizer, LR, "train_epoch")
    batches = len(train_loader)
    for epoch, losses in enumerate(returned):
        expected = [reference_step(reference, reference_optimizer, x, y) for x, y in train_loader]
        if isinstance(losses, torch.Tensor) and losses.ndim == 1:
            losses = list(losses)
        if not isinstance(losses, (list, tuple)):
            fail(f"train_epoch returns {type(losses).__name__} {losses!r:.40}, not one loss per batch. "
                 "Fix: losses.append(loss.item()) for each batch, then return losses.")
        previous = returned[epoch - 1] if epoch else None
        if isinstance(previous, list) and len(losses) > len(previous) and losses[:len(previous)] == previous:
            fail(f"In epoch {epoch + 1} train_epoch returns {len(losses)} losses for {batches} batches: its list "
                 "lives on between calls (a default argument losses=[] or a list made outside the function). "
                 "Fix: start each call with losses = [] inside train_epoch.")
        if len(losses) != batches:
            fail(f"train_epoch returns {len(losses)} losses, but train_loader has {batches} batches: one step and "
                 "one loss per batch. Fix: for x, y in train_loader: the five steps, then "
                 "losses.append(loss.item()).")
        values = [as_number(loss, "train_epoch", "losses.append(loss.item()), a number") for loss in losses]
        for value, want in zip(values, expected):
            summed(value, want, len(train_loader.dataset) // batches, "train_epoch")
        if not all(close(value, want) for value, want in zip(values, expected)):
            fail(f"In epoch {epoch + 1} train_epoch's losses differ from the five steps on each batch in turn: "
                 f"{_rounded(values)} instead of {_rounded(expected)}. Fix: one step per batch, "
                 "loss = F.mse_loss(model(x), y), and return the per-step losses.")
    if not same_weights(model, reference):
        fail(f"After {EPOCHS} epochs the weights differ from the five steps on each batch in turn. "
             "Fix: step the optimizer you were given once per batch, on F.mse_loss(model(x), y).")
    correct(f"train_epoch trains in training mode and does the five steps on every batch, in order, for "
            f"{EPOCHS} epochs with a validation's eval mode before each.")


@check
def check_evaluate(evaluate):
    """Exercise 2b: evaluate(model, val_loader) is the mean loss, in eval mode, without gradients."""
    __tracebackhide__ = True
    val_loader = tiny_loader(data_seed=1)
    model = tiny_model(dropout=True)  # in training mode, as a training epoch leaves it
    before = copy.deepcopy(model)
    with watch_forward(model) as calls, broadcasting_is_a_mistake():
        value = evaluate(model, val_loader)
    if not calls:
        fail("evaluate never calls the model. Fix: for x, y in val_loader: the loss of model(x) against y.")
    if any(training for training, _ in calls):
        fail(mistakes.NO_EVAL)
    if any(grad_enabled for _, grad_enabled in calls):
        fail(mistakes.NO_NO_GRAD)
    if not same_weights(model, before):
        fail("evaluate changes the weights: validation only measures. Fix: no optimizer and no backward in evaluate.")
    value = as_number(value, "evaluate", "return the mean loss as a float")
    before.eval()
    with torch.no_grad():
        batch_losses = [F.mse_loss(before(x), y).item() for x, y in val_loader]
    expected, batches, rows = sum(batch_losses) / len(batch_losses), len(val_loader), len(val_loader.dataset)
    if close(value, expected):
        correct("evaluate runs the model in eval mode without gradients and returns the mean validation loss.")
        return
    summed(value, expected, rows // batches, "evaluate")
    fix = "Fix: add up F.mse_loss(model(x), y) over the batches and divide by len(val_loader)."
    if close(value, expected * batches):
        fail(f"evaluate returns {value:.4f}, the sum of the {batches} batches' losses, not their mean. {fix}")
    if close(value, expected * batches / rows):
        fail(f"evaluate returns {value:.4f}: it divides the batches' losses by the {rows} rows, but each batch's "
             f"loss is already a mean over its rows. {fix}")
    for number, loss in enumerate(batch_losses, 1):
        if close(value, loss):
            fail(f"evaluate returns {value:.4f}, the loss of batch {number} of {batches} only (a loss overwritten "
                 f"in the loop, or one batch taken). {fix}")
    fail(f"evaluate returns {value:.4f}, but the mean loss over the validation set is {expected:.4f}. {fix}")


def _rounded(values):
    return "[" + ", ".join(f"{value:.4f}" for value in values) + "]"
