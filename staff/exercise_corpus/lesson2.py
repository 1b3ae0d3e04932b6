"""Exercise 2: training epochs (2a) and a validation pass (2b)."""

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from course.exercises import mistakes
from course.exercises.loop import check_evaluate, check_train_epoch
from staff.exercise_corpus import Exercise, Wrong


def step(model, optimizer, x, y):
    loss = F.mse_loss(model(x), y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    return loss


def epoch_as_in_the_solution(model, optimizer, train_loader):
    model.train()
    return [step(model, optimizer, x, y).item() for x, y in train_loader]


def epoch_returning_a_tensor(model, optimizer, train_loader):
    model.train(True)
    losses = []
    for x, y in train_loader:
        optimizer.zero_grad()
        loss = nn.MSELoss()(model(x), y)
        loss.backward()
        optimizer.step()
        losses.append(loss.detach())
    return torch.stack(losses)


# a new iterator draws from the global state
def epoch_with_a_debugging_peek(model, optimizer, train_loader):
    x0, y0 = next(iter(train_loader))
    print(x0.shape, torch.rand(1))
    model.train()
    losses = []
    for batch_idx, (inputs, targets) in enumerate(train_loader):
        losses.append(float(step(model, optimizer, inputs, targets).detach()))
    return losses


def epoch_train_mode_per_batch(model, optimizer, train_loader):
    history = []
    for x, y in train_loader:
        model.train()
        prediction = model(x)
        loss = ((prediction - y) ** 2).mean()
        model.zero_grad()
        loss.backward()
        optimizer.step()
        history.append(loss.item())
    return history


def epoch_in_eval_mode(model, optimizer, train_loader):  # model.train() forgotten after validation
    return [step(model, optimizer, x, y).item() for x, y in train_loader]


TRAINED_ONCE = []


def epoch_train_mode_first_time_only(model, optimizer, train_loader):
    if not TRAINED_ONCE:
        model.train()
        TRAINED_ONCE.append(True)
    return [step(model, optimizer, x, y).item() for x, y in train_loader]


def epoch_train_mode_at_the_end(model, optimizer, train_loader):
    losses = [step(model, optimizer, x, y).item() for x, y in train_loader]
    model.train()
    return losses


def epoch_without_zero_grad(model, optimizer, train_loader):  # mistake 1
    model.train()
    losses = []
    for x, y in train_loader:
        loss = F.mse_loss(model(x), y)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses


def epoch_stepping_before_backward(model, optimizer, train_loader):  # mistake 6
    model.train()
    losses = []
    for x, y in train_loader:
        loss = F.mse_loss(model(x), y)
        optimizer.zero_grad()
        optimizer.step()
        loss.backward()
        losses.append(loss.item())
    return losses


def epoch_keeping_the_graphs(model, optimizer, train_loader):
    model.train()
    return [step(model, optimizer, x, y) for x, y in train_loader]


def epoch_with_a_list_that_lives_on(model, optimizer, train_loader, losses=[]):  # noqa: B006, on purpose
    model.train()
    for x, y in train_loader:
        losses.append(step(model, optimizer, x, y).item())
    return losses


def epoch_skipping_the_last_batch(model, optimizer, train_loader):  # an off-by-one window
    model.train()
    losses = []
    batches = list(train_loader)
    for i in range(len(batches) - 1):
        losses.append(step(model, optimizer, *batches[i]).item())
    return losses


def epoch_returning_the_mean(model, optimizer, train_loader):
    model.train()
    losses = [step(model, optimizer, x, y).item() for x, y in train_loader]
    return sum(losses) / len(losses)


def epoch_with_summed_losses(model, optimizer, train_loader):  # mean vs sum
    model.train()
    losses = []
    for x, y in train_loader:
        loss = F.mse_loss(model(x), y, reduction="sum")
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses


# an optimizer other than the one given
def epoch_with_its_own_optimizer(model, optimizer, train_loader):
    model.train()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    return [step(model, optimizer, x, y).item() for x, y in train_loader]


def epoch_under_no_grad(model, optimizer, train_loader):
    model.train()
    with torch.no_grad():
        return [step(model, optimizer, x, y).item() for x, y in train_loader]


def epoch_with_squeezed_outputs(model, optimizer, train_loader):
    model.train()
    losses = []
    for x, y in train_loader:
        loss = F.mse_loss(model(x).squeeze(), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses


# a schedule that acts after the first epoch
def epoch_decaying_the_lr(model, optimizer, train_loader):
    losses = epoch_as_in_the_solution(model, optimizer, train_loader)
    optimizer.param_groups[0]["lr"] *= 0.5
    return losses


def epoch_row_by_row(model, optimizer, train_loader):
    model.train()
    return [step(model, optimizer, x[None], y[None]).item() for x, y in train_loader.dataset]


# optimizer.step(closure) hands the closure's loss back
def epoch_with_a_closure(model, optimizer, train_loader):
    model.train()
    losses = []
    for x, y in train_loader:

        def closure():
            optimizer.zero_grad()
            loss = F.mse_loss(model(x), y)
            loss.backward()
            return loss

        losses.append(optimizer.step(closure).item())
    return losses


# lesson 2's device, the model moved too
def epoch_on_a_device_of_its_own_choosing(model, optimizer, train_loader):
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    model.to(device).train()
    losses, total = [], 0.0
    for x, y in train_loader:
        x, y = x.to(device), y.to(device)
        loss = step(model, optimizer, x, y)
        total += loss.item()  # a running total kept as a number is harmless
        losses.append(loss.item())
    print(f"mean loss {total / len(losses):.4f}")
    return losses


def epoch_keeping_detached_tensors(model, optimizer, train_loader):
    model.train()
    kept = [step(model, optimizer, x, y).detach() for x, y in train_loader]
    return [loss.item() for loss in kept]


# epoch_loss += loss keeps every graph
def epoch_with_a_running_tensor_total(model, optimizer, train_loader):
    model.train()
    losses, epoch_loss = [], 0
    for x, y in train_loader:
        loss = step(model, optimizer, x, y)
        epoch_loss += loss
        losses.append(loss.item())
    print(f"epoch loss {epoch_loss.item() / len(losses):.4f}")
    return losses


# numbers returned, graphs kept all epoch
def epoch_converting_at_the_end(model, optimizer, train_loader):
    model.train()
    kept = [step(model, optimizer, x, y) for x, y in train_loader]
    return [loss.item() for loss in kept]


LAST = {}


# a graph outlives the call
def epoch_keeping_the_last_loss_outside(model, optimizer, train_loader):
    model.train()
    losses = []
    for x, y in train_loader:
        LAST["loss"] = step(model, optimizer, x, y)
        losses.append(LAST["loss"].item())
    return losses


def epoch_with_running_totals(model, optimizer, train_loader):
    model.train()
    losses, total = [], 0.0
    for x, y in train_loader:
        total += step(model, optimizer, x, y).item()
        losses.append(total)
    return losses


def epoch_with_running_means(model, optimizer, train_loader):
    model.train()
    losses, total = [], 0.0
    for number, (x, y) in enumerate(train_loader, 1):
        total += step(model, optimizer, x, y).item()
        losses.append(total / number)
    return losses


# the batch moved, the model not
def epoch_on_a_gpu_of_its_own_choosing(model, optimizer, train_loader):
    model.train()
    device = "cuda" if torch.cuda.is_available() else "cpu"
    return [step(model, optimizer, x.to(device), y.to(device)).item() for x, y in train_loader]


# the same learning rate, but not the optimizer given
def epoch_with_a_new_plain_sgd(model, optimizer, train_loader):
    model.train()
    optimizer = torch.optim.SGD(model.parameters(), lr=optimizer.param_groups[0]["lr"])
    return [step(model, optimizer, x, y).item() for x, y in train_loader]


def epoch_of_three_batches(model, optimizer, train_loader):  # right for the notebook's loader only
    model.train()
    batches = iter(train_loader)
    losses = []
    for _ in range(3):
        x, y = next(batches)
        losses.append(step(model, optimizer, x, y).item())
    return losses


def epoch_returning_inside_the_loop(model, optimizer, train_loader):
    model.train()
    losses = []
    for x, y in train_loader:
        losses.append(step(model, optimizer, x, y).item())
        return losses


# an array of numbers is a list of numbers too
def epoch_returning_numpy(model, optimizer, train_loader):
    model.train()
    return np.array([step(model, optimizer, x, y).item() for x, y in train_loader])


# zero grad at the end of each step: same thing
def epoch_clearing_after_the_step(model, optimizer, train_loader):
    model.train()
    losses = []
    for x, y in train_loader:
        loss = F.mse_loss(model(x), y)
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()
        losses.append(loss.item())
    return losses


# the training is right, the record is not
def epoch_recording_loss_times_rows(model, optimizer, train_loader):
    model.train()
    return [step(model, optimizer, x, y).item() * len(x) for x, y in train_loader]


train_epoch = Exercise(
    "2a",
    run=check_train_epoch,
    right={
        "as in the solution": epoch_as_in_the_solution,
        "a tensor of losses": epoch_returning_a_tensor,
        "a debugging peek and a random draw": epoch_with_a_debugging_peek,
        "train() per batch, by formula": epoch_train_mode_per_batch,
        "optimizer.step(closure)": epoch_with_a_closure,
        "lesson 2's device, the model moved too, a running total as a number": epoch_on_a_device_of_its_own_choosing,
        "detached tensors kept, numbers returned": epoch_keeping_detached_tensors,
        "a NumPy array": epoch_returning_numpy,
        "zero grad after the step": epoch_clearing_after_the_step,
    },
    wrong={
        "train() forgotten": Wrong(
            epoch_in_eval_mode,
            "Training in eval mode: after a validation the model stayed in eval mode",
            "training mode at the start of every training epoch",
        ),
        "train() the first time only": Wrong(
            epoch_train_mode_first_time_only,
            "Training in eval mode from epoch 2",
            "at the start of every call, not only the first",
        ),
        "train() at the end": Wrong(
            epoch_train_mode_at_the_end,
            "Training in eval mode: after a validation",
            "at the start of every training epoch",
        ),
        "zero_grad forgotten": Wrong(
            epoch_without_zero_grad,
            mistakes.name(mistakes.ZERO_GRAD),
            "clear the optimizer's gradients once in every step",
        ),
        "step before backward": Wrong(
            epoch_stepping_before_backward,
            "optimizer.step() runs before loss.backward()",
            "forward, loss, zero grad, backward, step",
        ),
        "losses kept with their graphs": Wrong(
            epoch_keeping_the_graphs,
            "returns the loss with its graph",
            "record each step's loss as a number",
        ),
        "epoch_loss += loss, a total with its graph": Wrong(
            epoch_with_a_running_tensor_total,
            "Graphs kept from step to step: in train_epoch, at step 3 the graph of step 1",
            "take .item() (or .detach()) of a loss before you store it or add it up",
        ),
        "graphs kept all epoch, numbers returned": Wrong(
            epoch_converting_at_the_end,
            "Graphs kept from step to step",
            "keep numbers across steps, not tensors",
        ),
        "the last loss kept outside, with its graph": Wrong(
            epoch_keeping_the_last_loss_outside,
            "Graphs kept after the call",
            "keep numbers, not tensors",
        ),
        "a list that lives on": Wrong(
            epoch_with_a_list_that_lives_on,
            "A list kept between calls: on call 2 train_epoch returns 6 losses for 3 batches",
            "a new, empty list at the start of every call",
        ),
        "the last batch skipped": Wrong(
            epoch_skipping_the_last_batch,
            "The epoch stops early: train_epoch trains on 2 of the 3 batches, then returns",
            "go through every batch the loader gives",
        ),
        "three batches, as in the notebook": Wrong(
            epoch_of_three_batches,
            "The epoch stops early: train_epoch trains on 3 of the 4 batches, then returns",
            "go through every batch the loader gives",
        ),
        "return inside the loop": Wrong(
            epoch_returning_inside_the_loop,
            "train_epoch trains on 1 of the 3 batches, then returns",
            "go through every batch the loader gives before you return",
        ),
        "the mean returned": Wrong(
            epoch_returning_the_mean,
            "Not a list of losses: train_epoch returns a float",
            "return them all, in order, as a list",
        ),
        "running totals": Wrong(
            epoch_with_running_totals,
            "A running total, not each step's loss",
            "record each step's own loss",
        ),
        "the loss times the rows recorded": Wrong(
            epoch_recording_loss_times_rows,
            "The recorded losses are scaled: in "
            "epoch 1 each loss train_epoch returns is 4 times (the rows in a "
            "batch)",
            "record the loss each step computed, as it is",
        ),
        "running means": Wrong(
            epoch_with_running_means,
            "A running mean, not each step's loss",
            "record each step's own loss",
        ),
        "summed losses": Wrong(
            epoch_with_summed_losses,
            "4 times the mean squared error",
            "F.mse_loss's default reduction",
        ),
        "its own optimizer": Wrong(
            epoch_with_its_own_optimizer,
            "not by the optimizer you were given",
            "step with the optimizer passed in",
        ),
        "a new SGD with the same lr": Wrong(
            epoch_with_a_new_plain_sgd,
            "not by the optimizer you were given",
            "step with the optimizer passed in",
        ),
        "under no_grad": Wrong(epoch_under_no_grad, "the loss has no graph", "with autograd on"),
        "squeezed outputs": Wrong(
            epoch_with_squeezed_outputs,
            mistakes.name(mistakes.BROADCAST),
            "the model's output shape",
        ),
        "halves the lr after each epoch": Wrong(
            epoch_decaying_the_lr,
            "train_epoch changes the optimizer's learning rate (from 0.1 to 0.05)",
            "leave its param_groups alone",
        ),
        "row by row": Wrong(
            epoch_row_by_row,
            "Not one step per batch: train_epoch runs the model 12 times, on 1 row at a time",
            "once for each batch the loader gives, on the whole batch",
        ),
        "the batch to a GPU of its own choosing": Wrong(
            epoch_on_a_gpu_of_its_own_choosing,
            "The batch goes to a GPU the model is not on",
            "the device the model's parameters are on",
        ),
    },
)


def evaluate_as_in_the_solution(model, val_loader):
    model.eval()
    with torch.no_grad():
        losses = [F.mse_loss(model(x), y) for x, y in val_loader]
    return torch.stack(losses).mean().item()


@torch.inference_mode()
def evaluate_weighted_by_rows(model, val_loader):
    model.eval()
    with torch.inference_mode():
        total = sum(F.mse_loss(model(x), y, reduction="sum") for x, y in val_loader)
    model.train()  # restoring training mode is fine too
    return (total / len(val_loader.dataset)).item()


def evaluate_returning_a_tensor(model, val_loader):
    model.eval()
    with torch.no_grad():
        return torch.stack([F.mse_loss(model(x), y) for x, y in val_loader]).mean()


def evaluate_with_set_grad_enabled(model, val_loader):
    model.train(False)
    with torch.set_grad_enabled(False):
        return sum(nn.MSELoss()(model(x), y).item() for x, y in val_loader) / len(val_loader)


def evaluate_with_prints_and_draws(model, val_loader):
    print("validating on", len(val_loader.dataset), "rows", torch.randn(2))
    model.eval()
    total, count = 0.0, 0
    with torch.no_grad():
        for inputs, targets in val_loader:
            total += ((model(inputs) - targets) ** 2).sum().item()
            count += len(targets)
    return total / count


def evaluate_without_eval(model, val_loader):  # mistake 5
    with torch.no_grad():
        return sum(F.mse_loss(model(x), y).item() for x, y in val_loader) / len(val_loader)


def evaluate_with_eval_too_late(model, val_loader):
    with torch.no_grad():
        loss = sum(F.mse_loss(model(x), y).item() for x, y in val_loader) / len(val_loader)
    model.eval()
    return loss


def evaluate_without_no_grad(model, val_loader):  # mistake 5
    model.eval()
    return sum(F.mse_loss(model(x), y).item() for x, y in val_loader) / len(val_loader)


# mistake 5: the graph is built, then thrown away
def evaluate_detaching_too_late(model, val_loader):
    model.eval()
    return sum(F.mse_loss(model(x).detach(), y).item() for x, y in val_loader) / len(val_loader)


def evaluate_last_batch_only(model, val_loader):
    model.eval()
    with torch.no_grad():
        for x, y in val_loader:
            loss = F.mse_loss(model(x), y).item()
    return loss


def evaluate_first_batch_only(model, val_loader):
    model.eval()
    x, y = next(iter(val_loader))
    with torch.no_grad():
        return F.mse_loss(model(x), y).item()


def evaluate_summing_the_batches(model, val_loader):
    model.eval()
    with torch.no_grad():
        return sum(F.mse_loss(model(x), y).item() for x, y in val_loader)


def evaluate_dividing_by_rows(model, val_loader):
    model.eval()
    with torch.no_grad():
        return sum(F.mse_loss(model(x), y).item() for x, y in val_loader) / len(val_loader.dataset)


def evaluate_summed_losses(model, val_loader):
    model.eval()
    with torch.no_grad():
        return sum(F.mse_loss(model(x), y, reduction="sum").item() for x, y in val_loader) / len(
            val_loader
        )


def evaluate_squeezed(model, val_loader):
    model.eval()
    with torch.no_grad():
        return sum(F.mse_loss(model(x).squeeze(1), y).item() for x, y in val_loader) / len(
            val_loader
        )


def evaluate_putting_the_mode_back(model, val_loader):  # as lesson 5's loop does with model.train()
    was_training = model.training
    model.eval()
    with torch.no_grad():
        losses = [F.mse_loss(model(x), y).item() for x, y in val_loader]
    model.train(was_training)
    return sum(losses) / len(losses)


def evaluate_freezing_then_unfreezing(model, val_loader):  # no graph either, and the flags put back
    model.eval()
    model.requires_grad_(False)
    losses = [F.mse_loss(model(x), y).item() for x, y in val_loader]
    model.requires_grad_(True)
    return sum(losses) / len(losses)


# lesson 2's device, the model moved too
def evaluate_on_a_device_of_its_own_choosing(model, val_loader):
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    model.to(device).eval()
    with torch.no_grad():
        losses = [F.mse_loss(model(x.to(device)), y.to(device)) for x, y in val_loader]
    return torch.stack(losses).mean().item()


TOTALS = {"loss": 0.0, "batches": 0}


def evaluate_with_totals_kept_outside(model, val_loader):  # a running mean over every call so far
    model.eval()
    with torch.no_grad():
        for x, y in val_loader:
            TOTALS["loss"] += F.mse_loss(model(x), y).item()
            TOTALS["batches"] += 1
    return TOTALS["loss"] / TOTALS["batches"]


def evaluate_with_a_list_that_lives_on(model, val_loader, losses=[]):  # noqa: B006, on purpose
    model.eval()
    with torch.no_grad():
        losses.extend(F.mse_loss(model(x), y).item() for x, y in val_loader)
    return sum(losses) / len(losses)


# requires_grad_(False) instead of no_grad
def evaluate_leaving_the_weights_frozen(model, val_loader):
    model.eval()
    model.requires_grad_(False)
    return sum(F.mse_loss(model(x), y).item() for x, y in val_loader) / len(val_loader)


def evaluate_dividing_by_the_last_index(model, val_loader):  # one too few
    model.eval()
    total = 0.0
    with torch.no_grad():
        for index, (x, y) in enumerate(val_loader):
            total += F.mse_loss(model(x), y).item()
    return total / index


EVALUATED = []


def evaluate_in_eval_mode_the_first_time_only(model, val_loader):
    if not EVALUATED:
        model.eval()
        EVALUATED.append(True)
    with torch.no_grad():
        return sum(F.mse_loss(model(x), y).item() for x, y in val_loader) / len(val_loader)


def evaluate_on_a_gpu_of_its_own_choosing(model, val_loader):  # the batch moved, the model not
    model.eval()
    device = "cuda" if torch.cuda.is_available() else "cpu"
    with torch.no_grad():
        return sum(
            F.mse_loss(model(x.to(device)), y.to(device)).item() for x, y in val_loader
        ) / len(val_loader)


def evaluate_on_the_whole_set_at_once(model, val_loader):  # equal batches: the same mean
    model.eval()
    X, y = val_loader.dataset.tensors
    with torch.no_grad():
        return F.mse_loss(model(X), y).item()


def evaluate_returning_the_batch_losses(model, val_loader):
    model.eval()
    with torch.no_grad():
        return [F.mse_loss(model(x), y).item() for x, y in val_loader]


evaluate = Exercise(
    "2b",
    run=check_evaluate,
    right={
        "as in the solution": evaluate_as_in_the_solution,
        "weighted by rows, inference_mode": evaluate_weighted_by_rows,
        "set_grad_enabled(False)": evaluate_with_set_grad_enabled,
        "prints, random draws, a running total": evaluate_with_prints_and_draws,
        "the model's mode put back": evaluate_putting_the_mode_back,
        "requires_grad off, then on again": evaluate_freezing_then_unfreezing,
        "lesson 2's device, the model moved too": evaluate_on_a_device_of_its_own_choosing,
        "the whole set in one batch": evaluate_on_the_whole_set_at_once,
    },
    wrong={
        "a tensor, not a number": Wrong(
            evaluate_returning_a_tensor, "A tensor, not a number", "Python number"
        ),
        "eval() forgotten": Wrong(
            evaluate_without_eval, mistakes.name(mistakes.NO_EVAL), "switch the model to eval mode"
        ),
        "eval() after the loop": Wrong(
            evaluate_with_eval_too_late,
            mistakes.name(mistakes.NO_EVAL),
            "eval mode before validating",
        ),
        "eval() the first time only": Wrong(
            evaluate_in_eval_mode_the_first_time_only,
            mistakes.name(mistakes.NO_EVAL),
            "eval mode before validating",
        ),
        "no_grad() forgotten": Wrong(
            evaluate_without_no_grad,
            mistakes.name(mistakes.NO_NO_GRAD),
            "torch.no_grad() or torch.inference_mode()",
        ),
        "detached too late": Wrong(
            evaluate_detaching_too_late, mistakes.name(mistakes.NO_NO_GRAD), "autograd off"
        ),
        "requires_grad_(False) left on": Wrong(
            evaluate_leaving_the_weights_frozen,
            "Parameters left frozen",
            "leave the parameters' requires_grad as it was",
        ),
        "the last batch only": Wrong(
            evaluate_last_batch_only,
            "One batch only: evaluate returns 7.8252, the loss of batch 3 of 3",
            "add up the loss of every validation batch",
        ),
        "the first batch only": Wrong(
            evaluate_first_batch_only,
            "the loss of batch 1 of 3 alone",
            "add up the loss of every validation batch",
        ),
        "the batch losses returned": Wrong(
            evaluate_returning_the_batch_losses,
            "Not one number: evaluate returns a list of 3 values",
            "average the batch losses into one number",
        ),
        "the batches summed": Wrong(
            evaluate_summing_the_batches,
            "The sum, not the mean",
            "divide the total by the number of batches",
        ),
        "divided by rows": Wrong(
            evaluate_dividing_by_rows,
            "Divided by the rows, not the batches",
            "divide by the number of batches",
        ),
        "divided by the last index": Wrong(
            evaluate_dividing_by_the_last_index,
            "Divided by 2, not by the 3 batches",
            "the number of batches the loop went through",
        ),
        "summed squared errors": Wrong(
            evaluate_summed_losses,
            "4 times the mean squared error",
            "F.mse_loss's default reduction",
        ),
        "squeezed outputs": Wrong(
            evaluate_squeezed, mistakes.name(mistakes.BROADCAST), "the model's output shape"
        ),
        "totals kept at module level": Wrong(
            evaluate_with_totals_kept_outside,
            "A total kept between calls: on a second call",
            "start the total and the count afresh inside every call",
        ),
        "a list that lives on": Wrong(
            evaluate_with_a_list_that_lives_on,
            "A total kept between calls",
            "afresh inside every call",
        ),
        "the batch to a GPU of its own choosing": Wrong(
            evaluate_on_a_gpu_of_its_own_choosing,
            "The batch goes to a GPU the model is not on",
            "the device the model's parameters are on",
        ),
    },
)

EXERCISES = [train_epoch, evaluate]
