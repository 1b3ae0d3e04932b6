"""Exercise 1: the targets (1a) and one training step (1b)."""

import weakref

import torch
import torch.nn.functional as F
from torch import nn

from course.exercises import mistakes
from course.exercises.five_steps import check_targets, check_train_step
from staff.exercise_corpus import Exercise, Wrong

torch.manual_seed(0)
X, w_true, b_true, noise = (
    torch.randn(100, 10),
    torch.randn(10),
    torch.randn(()),
    0.1 * torch.randn(100),
)
line = X @ w_true + b_true + noise
BROADCASTS = mistakes.name(mistakes.BROADCAST)

targets = Exercise(
    "1a",
    run=lambda y: check_targets(y, X, w_true, b_true, noise),
    right={
        "unsqueeze": line.unsqueeze(1),
        "view": line.view(-1, 1),
        "reshape": (X @ w_true + noise + b_true).reshape(100, 1),
        "column weights": X @ w_true[:, None] + b_true + noise[:, None],
        "addmv and None": torch.addmv(b_true + noise, X, w_true)[:, None],
        "einsum, view(len(X), 1)": (torch.einsum("nf,f->n", X, w_true) + b_true + noise).view(
            len(X), 1
        ),
        "unsqueeze_ in place": (X @ w_true + b_true + noise).unsqueeze_(1),
        "mv, add, add, [..., None]": torch.mv(X, w_true).add(b_true).add(noise)[..., None],
    },
    wrong={
        "flat (N,)": Wrong(line, BROADCASTS, "one row per sample and one column"),
        "a row (1, N)": Wrong(line.view(1, -1), BROADCASTS, "one row per sample and one column"),
        "(N, 1, 1)": Wrong(line.view(-1, 1, 1), BROADCASTS, "one row per sample and one column"),
        "a table (N, N)": Wrong(
            X @ w_true + b_true + noise[:, None],
            "10000 numbers for 100 samples",
            "add the flat terms first",
        ),
        "another shape, (50, 2)": Wrong(
            line.view(50, 2), "y has shape (50, 2)", "one row per sample and one column"
        ),
        "float64": Wrong(
            line.unsqueeze(1).double(), "y is torch.float64", "float32, with no conversion"
        ),
        "float16": Wrong(
            line.unsqueeze(1).half(), "y is torch.float16", "float32, with no conversion"
        ),
        "a NumPy array": Wrong(
            line.unsqueeze(1).numpy(), "y is a ndarray, not a tensor", "keep the result a tensor"
        ),
        "a list": Wrong(
            line.unsqueeze(1).tolist(), "y is a list, not a tensor", "keep the result a tensor"
        ),
        "y set to require grad": Wrong(
            line.unsqueeze(1).requires_grad_(),
            "requires_grad was set on y itself",
            "requires_grad on none of them",
        ),
        "requires grad": Wrong(
            (X @ w_true.clone().requires_grad_() + b_true + noise).unsqueeze(1),
            "y requires grad",
            "requires_grad on none of them",
        ),
        "no noise": Wrong(
            (X @ w_true + b_true).unsqueeze(1), "y has no noise", "add the `noise` given"
        ),
        "no bias": Wrong((X @ w_true + noise).unsqueeze(1), "y has no bias", "add b_true"),
        "no X @ w_true": Wrong(
            (b_true + noise).unsqueeze(1), "y has no X @ w_true", "add X @ w_true"
        ),
        "a new noise draw": Wrong(
            (X @ w_true + b_true + 0.1 * torch.randn(100)).unsqueeze(1),
            "not the `noise` given",
            "use the `noise` tensor given",
        ),
        "noise scaled by 0.1 again": Wrong(
            (X @ w_true + b_true + 0.1 * noise).unsqueeze(1), "y holds noise times 0.1", "unscaled"
        ),
        "the bias twice": Wrong(
            (line + b_true).unsqueeze(1), "off by a constant", "b_true exactly once"
        ),
        "no bias, noise twice": Wrong(
            (X @ w_true + 2 * noise).unsqueeze(1),
            "noise times 2, no b_true",
            "each once and unscaled",
        ),
        "rows in reverse order": Wrong(
            line.flip(0).unsqueeze(1),
            "y's values differ from the recipe's in 100 of 100 rows",
            "with nothing else in it",
        ),
    },
)


def five_steps(model, optimizer, x, y):  # the solution's order
    loss = F.mse_loss(model(x), y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    return loss.item()


def zero_grad_first_with_nn_mse_loss(model, optimizer, x, y):
    optimizer.zero_grad()
    loss = nn.MSELoss()(model(x), y)
    loss.backward()
    optimizer.step()
    return loss.detach()


def zero_grad_last_by_formula(model, optimizer, x, y):
    loss = ((model(x) - y) ** 2).mean()
    loss.backward()
    optimizer.step()
    model.zero_grad(set_to_none=False)
    return loss.item()


def with_prints_and_random_draws(model, optimizer, x, y):
    print("batch", x.shape, torch.randn(1))  # a debugging print and a random draw change nothing
    prediction = model(x)
    error = F.mse_loss(prediction, y)
    optimizer.zero_grad(set_to_none=True)
    error.backward()
    optimizer.step()
    return float(error.detach())


def sum_over_rows_divided(model, optimizer, x, y):
    loss = F.mse_loss(model(x), y, reduction="sum") / len(y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    return loss.detach().item()


def zero_grad_forgotten(model, optimizer, x, y):  # mistake 1
    loss = F.mse_loss(model(x), y)
    loss.backward()
    optimizer.step()
    return loss.item()


def flat_targets(model, optimizer, x, y):  # mistake 2, with PyTorch's warning
    loss = F.mse_loss(model(x), y.view(-1))
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    return loss.item()


def flat_targets_by_formula(model, optimizer, x, y):  # mistake 2, silent
    loss = ((model(x) - y.view(-1)) ** 2).mean()
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    return loss.item()


def step_before_backward(model, optimizer, x, y):  # mistake 6: steps 4 and 5 swapped
    loss = F.mse_loss(model(x), y)
    optimizer.zero_grad()
    optimizer.step()
    loss.backward()
    return loss.item()


def step_first(model, optimizer, x, y):  # mistake 6: the step moved to the top
    optimizer.step()
    optimizer.zero_grad()
    loss = F.mse_loss(model(x), y)
    loss.backward()
    return loss.item()


def zero_grad_between_backward_and_step(model, optimizer, x, y):
    loss = F.mse_loss(model(x), y)
    loss.backward()
    optimizer.zero_grad()
    optimizer.step()
    return loss.item()


def no_step(model, optimizer, x, y):
    loss = F.mse_loss(model(x), y)
    optimizer.zero_grad()
    loss.backward()
    return loss.item()


def returns_nothing(model, optimizer, x, y):
    five_steps(model, optimizer, x, y)


def backward_twice_retaining_the_graph(model, optimizer, x, y):
    loss = F.mse_loss(model(x), y)
    optimizer.zero_grad()
    loss.backward(retain_graph=True)
    loss.backward()
    optimizer.step()
    return loss.item()


def backward_twice(model, optimizer, x, y):
    loss = F.mse_loss(model(x), y)
    optimizer.zero_grad()
    loss.backward()
    loss.backward()
    optimizer.step()
    return loss.item()


def update_by_hand(model, optimizer, x, y):  # lesson 1's own update, instead of the optimizer given
    loss = F.mse_loss(model(x), y)
    optimizer.zero_grad()
    loss.backward()
    with torch.no_grad():
        for p in model.parameters():
            p -= 0.1 * p.grad
    return loss.item()


def update_by_hand_outside_no_grad(model, optimizer, x, y):
    loss = F.mse_loss(model(x), y)
    optimizer.zero_grad()
    loss.backward()
    for p in model.parameters():
        p -= 0.1 * p.grad
    return loss.item()


def new_optimizer_each_step(model, optimizer, x, y):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    return five_steps(model, optimizer, x, y)


def returns_the_graph(model, optimizer, x, y):
    loss = F.mse_loss(model(x), y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    return loss


def summed_loss(model, optimizer, x, y):
    loss = F.mse_loss(model(x), y, reduction="sum")
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    return loss.item()


def l1_loss(model, optimizer, x, y):
    loss = F.l1_loss(model(x), y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    return loss.item()


def loss_under_no_grad(model, optimizer, x, y):
    with torch.no_grad():
        loss = F.mse_loss(model(x), y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    return loss.item()


def first_row_only(model, optimizer, x, y):
    loss = F.mse_loss(model(x)[0], y[0])
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    return loss.item()


def steps_twice(model, optimizer, x, y):
    loss = F.mse_loss(model(x), y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    optimizer.step()
    return loss.item()


def decays_the_lr(model, optimizer, x, y):
    for group in optimizer.param_groups:
        group["lr"] *= 0.9
    return five_steps(model, optimizer, x, y)


def loss_after_the_step(model, optimizer, x, y):
    five_steps(model, optimizer, x, y)
    return F.mse_loss(model(x), y).item()


def swapped_arguments_and_model_zero_grad(model, optimizer, x, y):
    model.zero_grad()
    loss = F.mse_loss(y, model(x))
    loss.backward()
    optimizer.step()
    return loss.item()


def closure_passed_to_step(model, optimizer, x, y):  # the optimizer calls the closure inside step()
    def closure():
        optimizer.zero_grad()
        loss = F.mse_loss(model(x), y)
        loss.backward()
        return loss

    return optimizer.step(closure).item()


def gradients_by_autograd_grad(model, optimizer, x, y):  # .grad overwritten, so nothing to clear
    loss = F.mse_loss(model(x), y)
    params = list(model.parameters())
    for p, g in zip(params, torch.autograd.grad(loss, params)):
        p.grad = g
    optimizer.step()
    return loss.item()


def grads_cleared_through_param_groups(model, optimizer, x, y):
    value_first = None
    loss = F.mse_loss(model(x), y)
    value_first = loss.item()  # read before backward
    for group in optimizer.param_groups:
        for p in group["params"]:
            p.grad = None
    torch.autograd.backward(loss)
    optimizer.step()
    return value_first


def sizes_from_the_batch(model, optimizer, x, y):
    model.train()
    y_hat = model(x.view(len(x), -1))
    loss = ((y_hat - y.view(len(y), 1)) ** 2).sum() / y.numel()
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    return float(loss.detach())


def closure_without_zero_grad(model, optimizer, x, y):
    def closure():
        loss = F.mse_loss(model(x), y)
        loss.backward()
        return loss

    return optimizer.step(closure).item()


def autograd_grad_never_stored(model, optimizer, x, y):
    loss = F.mse_loss(model(x), y)
    optimizer.zero_grad()
    torch.autograd.grad(loss, list(model.parameters()))
    optimizer.step()
    return loss.item()


def autograd_grad_added_up(model, optimizer, x, y):
    loss = F.mse_loss(model(x), y)
    for p, g in zip(model.parameters(), torch.autograd.grad(loss, list(model.parameters()))):
        p.grad = g if p.grad is None else p.grad + g
    optimizer.step()
    return loss.item()


def zero_grad_then_a_second_step(model, optimizer, x, y):
    loss = F.mse_loss(model(x), y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    optimizer.zero_grad()
    optimizer.step()
    return loss.item()


def step_and_update_by_hand(model, optimizer, x, y):
    loss = F.mse_loss(model(x), y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    with torch.no_grad():
        for p in model.parameters():
            p -= 0.01 * p.grad
    return loss.item()


def batch_size_written_in(model, optimizer, x, y):
    loss = F.mse_loss(model(x), y.view(10, 1))
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    return loss.item()


def divides_by_ten(model, optimizer, x, y):
    loss = ((model(x) - y) ** 2).sum() / 10
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    return loss.item()


# State a student keeps between calls (a global list, a total): kept here per optimizer, so that every run of the
# check starts it afresh, as a notebook's kernel does, whichever test runs an answer first.
kept = weakref.WeakKeyDictionary()


def running_mean(model, optimizer, x, y):
    history = kept.setdefault(optimizer, [])
    history.append(five_steps(model, optimizer, x, y))
    return sum(history) / len(history)


def running_total(model, optimizer, x, y):
    total = kept.setdefault(optimizer, [0.0])
    total[0] += five_steps(model, optimizer, x, y)
    return total[0]


def the_previous_loss(model, optimizer, x, y):
    previous = kept.setdefault(optimizer, [])
    previous.append(five_steps(model, optimizer, x, y))
    return previous[-2] if len(previous) > 1 else previous[-1]


def steps_every_other_call(model, optimizer, x, y):
    calls = kept.setdefault(optimizer, [])
    calls.append(1)
    loss = F.mse_loss(model(x), y)
    optimizer.zero_grad()
    loss.backward()
    if len(calls) % 2:
        optimizer.step()
    return loss.item()


def clips_the_gradient(model, optimizer, x, y):
    loss = F.mse_loss(model(x), y)
    optimizer.zero_grad()
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), 0.1)
    optimizer.step()
    return loss.item()


def backward_on_twice_the_loss(model, optimizer, x, y):
    loss = F.mse_loss(model(x), y)
    optimizer.zero_grad()
    (2 * loss).backward()
    optimizer.step()
    return loss.item()


def rounded(model, optimizer, x, y):
    return round(five_steps(model, optimizer, x, y), 4)


def output_squeezed(model, optimizer, x, y):
    loss = F.mse_loss(model(x).squeeze(), y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    return loss.item()


def root_mean_squared_error(model, optimizer, x, y):
    loss = F.mse_loss(model(x), y).sqrt()
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    return loss.item()


train_step = Exercise(
    "1b",
    run=check_train_step,
    right={
        "as in the solution": five_steps,
        "zero_grad first, nn.MSELoss, detach": zero_grad_first_with_nn_mse_loss,
        "prints and random draws": with_prints_and_random_draws,
        "sum over rows / rows": sum_over_rows_divided,
        "mse_loss(y, y_hat), model.zero_grad()": swapped_arguments_and_model_zero_grad,
        "a closure passed to optimizer.step": closure_passed_to_step,
        "torch.autograd.grad into .grad": gradients_by_autograd_grad,
        "param_groups cleared by hand, autograd.backward": grads_cleared_through_param_groups,
        "sizes taken from the batch": sizes_from_the_batch,
    },
    wrong={
        "step twice": Wrong(
            steps_twice, "optimizer.step() runs twice for one backward pass", "one step per batch"
        ),
        "zero_grad, then a second step": Wrong(
            zero_grad_then_a_second_step,
            "optimizer.step() runs twice for one backward pass",
            "one step per batch",
        ),
        "decays the lr": Wrong(
            decays_the_lr,
            "train_step changes the optimizer's learning rate (from 0.1 to 0.09)",
            "leave its param_groups alone",
        ),
        "the loss after the step": Wrong(
            loss_after_the_step,
            "the loss of the batch after the step",
            "not a loss computed again after the step",
        ),
        "zero_grad last, after the step (the first step piles onto gradients left before)": Wrong(
            zero_grad_last_by_formula, "Gradients pile up", "before the backward pass"
        ),
        "zero_grad forgotten": Wrong(
            zero_grad_forgotten,
            "Gradients pile up",
            "clear the optimizer's gradients once in every step",
        ),
        "closure without zero_grad": Wrong(
            closure_without_zero_grad,
            "Gradients pile up",
            "clear the optimizer's gradients once in every step",
        ),
        "autograd.grad added into .grad": Wrong(
            autograd_grad_added_up,
            "Gradients pile up",
            "clear the optimizer's gradients once in every step",
        ),
        "autograd.grad never stored": Wrong(
            autograd_grad_never_stored,
            "none reached .grad",
            "put each computed gradient into its parameter's .grad",
        ),
        "flat targets": Wrong(
            flat_targets,
            "The loss broadcasts: F.mse_loss got shapes (10,) and (10, 1)",
            "without squeezing or flattening either",
        ),
        "flat targets by formula": Wrong(
            flat_targets_by_formula,
            "the mean error of every prediction against every target",
            "without squeezing or flattening either",
        ),
        "output squeezed": Wrong(
            output_squeezed,
            "The loss broadcasts: F.mse_loss got shapes (10, 1) and (10,)",
            "without squeezing or flattening either",
        ),
        "step before backward": Wrong(
            step_before_backward,
            "optimizer.step() runs before loss.backward()",
            "forward, loss, zero grad, backward, step",
        ),
        "step first": Wrong(
            step_first,
            "optimizer.step() runs before loss.backward()",
            "forward, loss, zero grad, backward, step",
        ),
        "zero_grad between backward and step": Wrong(
            zero_grad_between_backward_and_step,
            "wipes the gradients just computed",
            "before the backward pass, not after it",
        ),
        "no step": Wrong(
            no_step,
            "The optimizer you were given never steps",
            "call its step() after the backward pass",
        ),
        "returns nothing": Wrong(
            returns_nothing, "train_step returns nothing", "as a Python number"
        ),
        "backward twice, retain_graph": Wrong(
            backward_twice_retaining_the_graph,
            "loss.backward() runs twice in one step",
            "one backward pass per step",
        ),
        "backward twice": Wrong(
            backward_twice,
            "loss.backward() runs twice on the same loss",
            "one backward pass per step",
        ),
        "update by hand": Wrong(
            update_by_hand,
            "not by the optimizer you were given",
            "step with the optimizer passed in",
        ),
        "update by hand outside no_grad": Wrong(
            update_by_hand_outside_no_grad,
            "changed in place while autograd records",
            "with its step()",
        ),
        "a new optimizer": Wrong(
            new_optimizer_each_step,
            "not by the optimizer you were given",
            "step with the optimizer passed in",
        ),
        "a step and an update by hand": Wrong(
            step_and_update_by_hand,
            "The weights change outside the optimizer's step()",
            "the only update of the weights",
        ),
        "returns the graph": Wrong(
            returns_the_graph, "returns the loss with its graph", "as a Python number"
        ),
        "summed loss": Wrong(summed_loss, "10 times the mean squared error", "use the mean"),
        "L1 loss": Wrong(
            l1_loss,
            "the mean absolute error (F.l1_loss) of the batch",
            "compute the loss with F.mse_loss",
        ),
        "root of the mean squared error": Wrong(
            root_mean_squared_error,
            "the root of the mean squared error",
            "compute the loss with F.mse_loss",
        ),
        "loss under no_grad": Wrong(
            loss_under_no_grad,
            "train_step's loss has no graph",
            "call backward on that very tensor",
        ),
        "the first row only": Wrong(
            first_row_only,
            "but the batch's mean squared error before the step is",
            "return the loss of this batch's forward pass",
        ),
        "batch size written in": Wrong(
            batch_size_written_in,
            "on a batch of 4 rows it raised RuntimeError",
            "take every size from the batch itself",
        ),
        "divides by 10, not the batch size": Wrong(
            divides_by_ten,
            "on a batch of 4 rows it returns",
            "take every size from the batch itself",
        ),
        "a running mean": Wrong(
            running_mean, "the mean of the losses of steps 1 to 2", "keep nothing between calls"
        ),
        "a running total": Wrong(
            running_total, "the sum of the losses of steps 1 to 2", "keep nothing between calls"
        ),
        "the previous batch's loss": Wrong(
            the_previous_loss, "the loss of step 1, the batch before", "keep nothing between calls"
        ),
        "steps every other call": Wrong(
            steps_every_other_call,
            "does not step the optimizer at step 2",
            "step the optimizer once in every call",
        ),
        "clips the gradient": Wrong(
            clips_the_gradient,
            "the gradient in .grad was changed between the backward pass and the optimizer's step",
            "exactly as backward leaves them",
        ),
        "rounded to 4 decimals": Wrong(
            rounded, "rounded to 4 decimals", "return the loss unrounded"
        ),
        "backward on twice the loss": Wrong(
            backward_on_twice_the_loss,
            "the weights moved 2 times as far",
            "call backward on the very loss you return",
        ),
    },
)

EXERCISES = [targets, train_step]
