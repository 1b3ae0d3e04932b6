"""Exercise 2: training epochs (2a) and a validation pass (2b)."""
import torch
import torch.nn.functional as F
from torch import nn

from course.exercises import mistakes
from course.exercises.loop import check_evaluate, check_train_epoch
from exercise_corpus import Exercise, Wrong


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


def epoch_with_a_debugging_peek(model, optimizer, train_loader):  # a new iterator draws from the global state
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


def epoch_with_its_own_optimizer(model, optimizer, train_loader):  # an optimizer other than the one given
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


def epoch_decaying_the_lr(model, optimizer, train_loader):  # a schedule that acts after the first epoch
    losses = epoch_as_in_the_solution(model, optimizer, train_loader)
    optimizer.param_groups[0]["lr"] *= 0.5
    return losses


def epoch_row_by_row(model, optimizer, train_loader):
    model.train()
    return [step(model, optimizer, x[None], y[None]).item() for x, y in train_loader.dataset]


train_epoch = Exercise("2a", run=check_train_epoch, right={
    "as in the solution": epoch_as_in_the_solution,
    "a tensor of losses": epoch_returning_a_tensor,
    "a debugging peek and a random draw": epoch_with_a_debugging_peek,
    "train() per batch, by formula": epoch_train_mode_per_batch,
}, wrong={
    "train() forgotten": Wrong(epoch_in_eval_mode, "Training in eval mode: model.train() is missing",
                               "call model.train() at the start of every training epoch"),
    "train() the first time only": Wrong(epoch_train_mode_first_time_only, "In epoch 2 train_epoch trains in eval "
                                         "mode", "call model.train() at the start of every training epoch"),
    "train() at the end": Wrong(epoch_train_mode_at_the_end, "model.train() is missing",
                                "at the start of every training epoch"),
    "zero_grad forgotten": Wrong(epoch_without_zero_grad, "optimizer.zero_grad() is missing",
                                 "optimizer.zero_grad() once per step"),
    "step before backward": Wrong(epoch_stepping_before_backward, "optimizer.step() runs before loss.backward()",
                                  "zero grad, backward, step"),
    "losses kept with their graphs": Wrong(epoch_keeping_the_graphs, "returns the loss with its graph",
                                           "losses.append(loss.item())"),
    "a list that lives on": Wrong(epoch_with_a_list_that_lives_on, "returns 6 losses for 3 batches",
                                  "losses = [] inside train_epoch"),
    "the last batch skipped": Wrong(epoch_skipping_the_last_batch, "returns 2 losses, but train_loader has 3 "
                                    "batches", "for x, y in train_loader"),
    "the mean returned": Wrong(epoch_returning_the_mean, "not one loss per batch", "losses.append(loss.item())"),
    "summed losses": Wrong(epoch_with_summed_losses, "4 times the mean squared error", "F.mse_loss(y_hat, y)"),
    "its own optimizer": Wrong(epoch_with_its_own_optimizer, "not by the optimizer you were given",
                               "optimizer.step() on the optimizer passed in"),
    "under no_grad": Wrong(epoch_under_no_grad, "the loss has no graph", "loss.backward() on that tensor"),
    "squeezed outputs": Wrong(epoch_with_squeezed_outputs, mistakes.name(mistakes.BROADCAST),
                              "never squeeze the model's output"),
    "halves the lr after each epoch": Wrong(epoch_decaying_the_lr, "train_epoch changes the optimizer's learning "
                                            "rate (from 0.1 to 0.0125)", "leave optimizer.param_groups alone"),
    "row by row": Wrong(epoch_row_by_row, "train_epoch returns 12 losses, but train_loader has 3 batches",
                        "for x, y in train_loader"),
})


def evaluate_as_in_the_solution(model, val_loader):
    model.eval()
    with torch.no_grad():
        losses = [F.mse_loss(model(x), y) for x, y in val_loader]
    return torch.stack(losses).mean().item()


@torch.inference_mode()
def evaluate_weighted_by_rows(model, val_loader):
    model.eval()
    total = sum(F.mse_loss(model(x), y, reduction="sum") for x, y in val_loader)
    model.train()  # restoring training mode is fine too
    return total / len(val_loader.dataset)


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


def evaluate_detaching_too_late(model, val_loader):  # mistake 5: the graph is built, then thrown away
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
        return sum(F.mse_loss(model(x), y, reduction="sum").item() for x, y in val_loader) / len(val_loader)


def evaluate_squeezed(model, val_loader):
    model.eval()
    with torch.no_grad():
        return sum(F.mse_loss(model(x).squeeze(1), y).item() for x, y in val_loader) / len(val_loader)


evaluate = Exercise("2b", run=check_evaluate, right={
    "as in the solution": evaluate_as_in_the_solution,
    "weighted by rows, inference_mode": evaluate_weighted_by_rows,
    "set_grad_enabled(False)": evaluate_with_set_grad_enabled,
    "prints, random draws, a running total": evaluate_with_prints_and_draws,
}, wrong={
    "eval() forgotten": Wrong(evaluate_without_eval, "Validation in training mode: model.eval() is missing",
                              "call model.eval() before validating"),
    "eval() after the loop": Wrong(evaluate_with_eval_too_late, "model.eval() is missing", "model.eval() before"),
    "no_grad() forgotten": Wrong(evaluate_without_no_grad, "torch.no_grad() is missing",
                                 "`with torch.no_grad():`"),
    "detached too late": Wrong(evaluate_detaching_too_late, "torch.no_grad() is missing", "`with torch.no_grad():`"),
    "the last batch only": Wrong(evaluate_last_batch_only, "the loss of batch 3 of 3 only",
                                 "divide by len(val_loader)"),
    "the first batch only": Wrong(evaluate_first_batch_only, "the loss of batch 1 of 3 only",
                                  "divide by len(val_loader)"),
    "the batches summed": Wrong(evaluate_summing_the_batches, "the sum of the 3 batches' losses",
                                "divide by len(val_loader)"),
    "divided by rows": Wrong(evaluate_dividing_by_rows, "divides the batches' losses by the 12 rows",
                             "divide by len(val_loader)"),
    "summed squared errors": Wrong(evaluate_summed_losses, "4 times the mean squared error",
                                   "F.mse_loss(y_hat, y)"),
    "squeezed outputs": Wrong(evaluate_squeezed, mistakes.name(mistakes.BROADCAST), "y.view(-1, 1)"),
})

EXERCISES = [train_epoch, evaluate]
