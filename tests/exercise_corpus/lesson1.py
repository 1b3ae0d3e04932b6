"""Exercise 1: the targets (1a) and one training step (1b)."""
import torch
import torch.nn.functional as F
from torch import nn

from course.exercises import mistakes
from course.exercises.five_steps import check_targets, check_train_step
from exercise_corpus import Exercise, Wrong

torch.manual_seed(0)
X, w_true, b_true, noise = torch.randn(100, 10), torch.randn(10), torch.randn(()), 0.1 * torch.randn(100)
line = X @ w_true + b_true + noise
BROADCASTS = mistakes.name(mistakes.BROADCAST)

targets = Exercise("1a", run=lambda y: check_targets(y, X, w_true, b_true, noise), right={
    "unsqueeze": line.unsqueeze(1),
    "view": line.view(-1, 1),
    "reshape": (X @ w_true + noise + b_true).reshape(100, 1),
    "column weights": X @ w_true[:, None] + b_true + noise[:, None],
    "addmv and None": torch.addmv(b_true + noise, X, w_true)[:, None],
}, wrong={
    "flat (N,)": Wrong(line, BROADCASTS, "y.view(-1, 1)"),
    "a row (1, N)": Wrong(line.view(1, -1), BROADCASTS, "y.view(-1, 1)"),
    "(N, 1, 1)": Wrong(line.view(-1, 1, 1), BROADCASTS, "y.view(-1, 1)"),
    "a table (N, N)": Wrong(X @ w_true + b_true + noise[:, None], "10000 numbers for 100 samples",
                            "add the (N,) terms first"),
    "float64": Wrong(line.unsqueeze(1).double(), "y is torch.float64", "y.float()"),
    "float16": Wrong(line.unsqueeze(1).half(), "y is torch.float16", "y.float()"),
    "a NumPy array": Wrong(line.unsqueeze(1).numpy(), "y is a ndarray, not a tensor", ".unsqueeze(1)"),
    "a list": Wrong(line.unsqueeze(1).tolist(), "y is a list, not a tensor", ".unsqueeze(1)"),
    "no noise": Wrong((X @ w_true + b_true).unsqueeze(1), "y has no noise", "+ noise"),
    "no bias": Wrong((X @ w_true + noise).unsqueeze(1), "y has no bias", "+ b_true"),
    "a new noise draw": Wrong((X @ w_true + b_true + 0.1 * torch.randn(100)).unsqueeze(1),
                              "not the `noise` given", "+ noise"),
    "the bias twice": Wrong((line + b_true).unsqueeze(1), "off by a constant", "+ b_true"),
})


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


train_step = Exercise("1b", run=check_train_step, right={
    "as in the solution": five_steps,
    "zero_grad first, nn.MSELoss, detach": zero_grad_first_with_nn_mse_loss,
    "zero_grad last, by formula": zero_grad_last_by_formula,
    "prints and random draws": with_prints_and_random_draws,
    "sum over rows / rows": sum_over_rows_divided,
    "mse_loss(y, y_hat), model.zero_grad()": swapped_arguments_and_model_zero_grad,
}, wrong={
    "step twice": Wrong(steps_twice, "optimizer.step() runs twice for one loss.backward()", "one optimizer.step() "
                        "per step"),
    "decays the lr": Wrong(decays_the_lr, "train_step changes the optimizer's learning rate (from 0.1 to 0.09)",
                           "leave optimizer.param_groups alone"),
    "the loss after the step": Wrong(loss_after_the_step, "but the mean squared error of the batch is",
                                     "loss = F.mse_loss(model(x), y) before the step"),
    "zero_grad forgotten": Wrong(zero_grad_forgotten, "Gradients pile up: optimizer.zero_grad() is missing",
                                 "call optimizer.zero_grad() once per step"),
    "flat targets": Wrong(flat_targets, BROADCASTS, "y.view(-1, 1)"),
    "flat targets by formula": Wrong(flat_targets_by_formula, BROADCASTS, "y.view(-1, 1)"),
    "step before backward": Wrong(step_before_backward, "optimizer.step() runs before loss.backward()",
                                  "forward, loss, zero grad, backward, step"),
    "step first": Wrong(step_first, "optimizer.step() runs before loss.backward()",
                        "forward, loss, zero grad, backward, step"),
    "zero_grad between backward and step": Wrong(zero_grad_between_backward_and_step, "wipes the gradients just "
                                                 "computed", "before loss.backward()"),
    "no step": Wrong(no_step, "optimizer.step() is never called", "call optimizer.step() after loss.backward()"),
    "returns nothing": Wrong(returns_nothing, "train_step returns nothing", "return loss.item()"),
    "backward twice, retain_graph": Wrong(backward_twice_retaining_the_graph, "loss.backward() runs twice in one "
                                          "step", "once per step"),
    "backward twice": Wrong(backward_twice, "loss.backward() runs twice on the same loss", "once per step"),
    "update by hand": Wrong(update_by_hand, "not by the optimizer you were given", "call optimizer.step() on the "
                            "optimizer passed in"),
    "update by hand outside no_grad": Wrong(update_by_hand_outside_no_grad, "changed in place while autograd "
                                            "records", "optimizer.step()"),
    "a new optimizer": Wrong(new_optimizer_each_step, "not by the optimizer you were given",
                             "call optimizer.step() on the optimizer passed in"),
    "returns the graph": Wrong(returns_the_graph, "returns the loss with its graph", "return loss.item()"),
    "summed loss": Wrong(summed_loss, "4 times the mean squared error", "F.mse_loss(y_hat, y)"),
    "L1 loss": Wrong(l1_loss, "but the mean squared error of the batch is", "F.mse_loss(model(x), y)"),
    "loss under no_grad": Wrong(loss_under_no_grad, "the loss has no graph", "loss.backward() on that tensor"),
    "the first row only": Wrong(first_row_only, "but the mean squared error of the batch is",
                                "F.mse_loss(model(x), y)"),
})

EXERCISES = [targets, train_step]
