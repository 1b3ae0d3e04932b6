"""Checks for exercise 2 (lesson 2, the vanilla loop): one training epoch, and a validation pass.

The checks run the student's code on a model with dropout, so training mode and eval mode give different numbers.
"""
import copy

import torch
import torch.nn.functional as F

from course.exercises import mistakes
from course.exercises.probe import (StepWatch, as_number, broadcasting_is_a_mistake, close, reference_step,
                                    same_weights, tiny_loader, tiny_model, watch_forward)
from course.exercises.verdict import correct, fail

LR = 0.1


def check_train_epoch(train_epoch):
    """Exercise 2a: train_epoch(model, optimizer, train_loader) trains one epoch, returns the per-step losses."""
    __tracebackhide__ = True
    train_loader = tiny_loader()
    model, reference = tiny_model(dropout=True), tiny_model(dropout=True)
    model.eval()  # as a validation pass leaves it
    optimizer = torch.optim.SGD(model.parameters(), lr=LR)
    reference_optimizer = torch.optim.SGD(reference.parameters(), lr=LR)
    watch = StepWatch(model, optimizer)
    torch.manual_seed(1)  # the same dropout masks for the student and the reference
    try:
        with watch_forward(model) as calls, broadcasting_is_a_mistake():
            losses = train_epoch(model, optimizer, train_loader)
    finally:
        watch.remove()
    torch.manual_seed(1)
    expected = [reference_step(reference, reference_optimizer, x, y) for x, y in train_loader]
    if not calls:
        fail("train_epoch never calls the model. Fix: for x, y in train_loader: the five steps.")
    if not all(training for training, _ in calls):
        fail(mistakes.NO_TRAIN)
    if watch.mistake():
        fail(watch.mistake())
    if isinstance(losses, torch.Tensor) and losses.ndim == 1:
        losses = list(losses)
    if not isinstance(losses, (list, tuple)) or len(losses) != len(expected):
        fail(f"train_epoch returns {type(losses).__name__} {losses!r:.40}, not one loss per batch. "
             f"Fix: losses.append(loss.item()) for each batch, then return losses.")
    if any(isinstance(loss, torch.Tensor) and loss.requires_grad for loss in losses):
        fail("train_epoch keeps every loss with its whole graph, which holds the memory of every step. "
             "Fix: losses.append(loss.item()), or loss.detach().")
    values = [as_number(loss, "train_epoch", "losses.append(loss.item())") for loss in losses]
    if not all(close(value, want) for value, want in zip(values, expected)) or not same_weights(model, reference):
        fail("train_epoch's losses or weights differ from the five steps on each batch in turn. "
             "Fix: one step per batch, loss = F.mse_loss(model(x), y), and return the per-step losses.")
    correct("train_epoch trains in training mode and does the five steps on every batch, in order.")


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
        expected = torch.stack([F.mse_loss(before(x), y) for x, y in val_loader]).mean().item()
    if not close(value, expected):
        fail(f"evaluate returns {value:.4f}, but the mean loss over the validation set is {expected:.4f}. "
             "Fix: average F.mse_loss(model(x), y) over all batches.")
    correct("evaluate runs the model in eval mode without gradients and returns the mean validation loss.")
