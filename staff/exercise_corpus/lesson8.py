"""Exercise 8: the seed's loop converted with Lightning Fabric, in bf16-mixed on the CPU."""

import lightning as L
import torch
import torch.nn.functional as F

from course.exercises.fabric_loop import check_fabric_train
from staff.exercise_corpus import Exercise, Wrong
from task.model import Regressor


def as_in_the_solution(model, optimizer, train_loader, epochs):
    fabric = L.Fabric(accelerator="cpu", devices=1, precision="bf16-mixed")
    fabric.launch()
    model, optimizer = fabric.setup(model, optimizer)
    train_loader = fabric.setup_dataloaders(train_loader)
    losses = []
    for epoch in range(epochs):
        for x, y in train_loader:
            y_hat = model(x)
            loss = F.mse_loss(y_hat, y)
            optimizer.zero_grad()
            fabric.backward(loss)
            optimizer.step()
            losses.append(loss.detach())
    return losses


def set_up_one_by_one_floats_and_a_leftover_move(model, optimizer, train_loader, epochs):
    """No launch (one device starts nothing), setup_module and setup_optimizers, .to(fabric.device) left in."""
    fabric = L.Fabric(precision="bf16-mixed", accelerator="cpu")
    model = fabric.setup_module(model)
    optimizer = fabric.setup_optimizers(optimizer)
    loader = fabric.setup_dataloaders(train_loader)
    losses = []
    for _ in range(epochs):
        for x, y in loader:
            x, y = x.to(fabric.device), y.to(fabric.device)
            loss = torch.nn.MSELoss()(model(x), y)
            optimizer.zero_grad(set_to_none=True)
            fabric.backward(loss)
            optimizer.step()
            losses.append(loss.item())
    return losses


def autocast_by_hand_too(model, optimizer, train_loader, epochs):
    """The vanilla loop's autocast left in: under Fabric's own it changes nothing."""
    fabric = L.Fabric(accelerator="cpu", devices=1, precision="bf16-mixed")
    model, optimizer = fabric.setup(model, optimizer)
    train_loader = fabric.setup_dataloaders(train_loader)
    device = torch.device("cpu")
    losses = []
    for epoch in range(epochs):
        for batch_idx, (x, y) in enumerate(train_loader):
            x, y = x.to(device), y.to(device)
            with torch.autocast(device.type, dtype=torch.bfloat16):
                loss = F.mse_loss(model(x), y)
            optimizer.zero_grad()
            fabric.backward(loss)
            optimizer.step()
            losses.append(loss.detach().float())
            if batch_idx % 2 == 0:
                fabric.print(f"epoch {epoch} batch {batch_idx}: loss {loss.item():.4f}")
    return losses


def loop(
    fabric_arguments=None,
    setup="both",
    loader=True,
    autocast=False,
    backward="fabric",
    zero_grad=True,
    model_made_inside=False,
    optimizer_made_inside=False,
    keep=lambda loss: loss.detach(),
    kept_list=None,
    seed=None,
    draw=False,
    epochs_fixed=None,
    batches_once=False,
    reduction="mean",
):
    """The solution with one line changed to make a mistake."""

    def train(model, optimizer, train_loader, epochs):
        if seed is not None:
            L.seed_everything(seed)
        if draw:
            torch.randn(3)  # a random number drawn before the loop, e.g. for a debugging peek
        fabric = L.Fabric(
            **(
                fabric_arguments
                if fabric_arguments is not None
                else dict(accelerator="cpu", devices=1, precision="bf16-mixed")
            )
        )
        if model_made_inside:
            model = Regressor(3)
            optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
        if optimizer_made_inside:
            optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
        if setup == "both":
            model, optimizer = fabric.setup(model, optimizer)
        elif setup == "model":
            model = fabric.setup(model)
        elif setup == "optimizer":
            optimizer = fabric.setup_optimizers(optimizer)
        elif setup == "dropped":
            fabric.setup(model, optimizer)
        elif setup == "optimizer dropped":
            model, _ = fabric.setup(model, optimizer)
        if loader == "dropped":
            fabric.setup_dataloaders(train_loader)
        elif loader:
            train_loader = fabric.setup_dataloaders(train_loader)
        if batches_once:
            train_loader = list(train_loader)
        losses = [] if kept_list is None else kept_list
        for epoch in range(epochs if epochs_fixed is None else epochs_fixed):
            for x, y in train_loader:
                with torch.autocast("cpu", dtype=torch.bfloat16, enabled=autocast):
                    loss = F.mse_loss(model(x), y, reduction=reduction)
                if zero_grad:
                    optimizer.zero_grad()
                fabric.backward(loss) if backward == "fabric" else loss.backward()
                optimizer.step()
                losses.append(keep(loss))
        return losses

    return train


FABRIC_FIX = "on the CPU, one device, bfloat16 mixed precision"
fabric_train = Exercise(
    "8",
    run=check_fabric_train,
    right={
        "as in the solution": as_in_the_solution,
        "set up one by one, floats, a leftover .to(fabric.device)": set_up_one_by_one_floats_and_a_leftover_move,
        "the vanilla loop's autocast and print left in": autocast_by_hand_too,
        'precision given by its old name "bf16"': loop(
            fabric_arguments=dict(accelerator="cpu", precision="bf16")
        ),
        "the losses returned as one tensor": lambda *args: torch.stack(loop()(*args)),
    },
    wrong={
        "loss.backward()": Wrong(
            loop(backward="loss"), "Fabric refused loss.backward()", "fabric.backward instead"
        ),
        "no precision": Wrong(
            loop(fabric_arguments=dict(accelerator="cpu", devices=1)),
            "Fabric set up 32-true precision (no precision argument), not bf16-mixed",
            FABRIC_FIX,
        ),
        "autocast by hand, no precision": Wrong(
            loop(fabric_arguments=dict(accelerator="cpu"), autocast=True),
            "The model's forward ran under an autocast written by hand",
            "remove torch.autocast",
        ),
        "16-mixed": Wrong(
            loop(fabric_arguments=dict(accelerator="cpu", precision="16-mixed")),
            "Fabric warned that float16 mixed precision is not supported on the CPU",
            "bfloat16 mixed precision",
        ),
        "16, Lightning's old name for 16-mixed": Wrong(
            loop(fabric_arguments=dict(accelerator="cpu", precision=16)),
            "asked for 16-bit mixed precision (precision=16)",
            "bfloat16 mixed precision",
        ),
        "bf16-true": Wrong(
            loop(fabric_arguments=dict(accelerator="cpu", precision="bf16-true")),
            "Fabric set up bf16-true precision",
            FABRIC_FIX,
        ),
        "no setup_dataloaders": Wrong(
            loop(loader=False), "The loader is not set up with Fabric", "fabric.setup_dataloaders"
        ),
        "what setup_dataloaders returned dropped": Wrong(
            loop(loader="dropped"), "the loop iterates the one train was given", "iterate that one"
        ),
        "the model not set up": Wrong(
            loop(setup="optimizer"), "The model you were given is not set up", "fabric.setup"
        ),
        "what fabric.setup returned dropped": Wrong(
            loop(setup="dropped"),
            "the loop calls the model train was given, not the one fabric.setup returned",
            "call that model",
        ),
        "the optimizer not set up": Wrong(
            loop(setup="model"),
            "The optimizer is not set up with Fabric",
            "fabric.setup_optimizers",
        ),
        "the optimizer fabric.setup returned dropped": Wrong(
            loop(setup="optimizer dropped"),
            "the loop steps the one train was given",
            "step that one",
        ),
        "a model made inside": Wrong(
            loop(model_made_inside=True),
            "train sets up a model of its own",
            "the model passed to train",
        ),
        "an optimizer made inside": Wrong(
            loop(optimizer_made_inside=True),
            "train sets up an optimizer of its own",
            "the optimizer passed to train",
        ),
        "no zero grad": Wrong(
            loop(zero_grad=False), "Gradients pile up", "before the backward pass"
        ),
        "no Fabric at all": Wrong(
            lambda model, optimizer, train_loader, epochs: [],
            "train makes no Fabric",
            "make a Fabric inside train",
        ),
        "the losses kept with their graphs": Wrong(
            loop(keep=lambda loss: loss),
            "train returns the loss with its graph",
            "without its graph",
        ),
        "the list of losses kept between calls": Wrong(
            loop(kept_list=[]), "Called a second time", "inside train"
        ),
        "the losses returned in bfloat16": Wrong(
            loop(keep=lambda loss: loss.detach().bfloat16()),
            "but the loss of that step, the one handed to fabric.backward, is",
            "unchanged",
        ),
        "the epochs written as a number": Wrong(
            loop(epochs_fixed=3),
            "train ran 6 optimizer steps, but 2 epochs",
            "the `epochs` epochs train is given",
        ),
        "a seed set inside train": Wrong(
            loop(seed=42), "train seeds torch's random generator", "leave the seeding to the caller"
        ),
        "a random number drawn before the loop": Wrong(
            loop(draw=True),
            "train draws random numbers before its first pass over the loader",
            "draw nothing random",
        ),
        "the batches listed once for all epochs": Wrong(
            loop(batches_once=True),
            "The batches differ from the loader's: at step 4 (epoch 2)",
            "one pass per epoch",
        ),
        "the squared errors summed": Wrong(
            loop(reduction="sum"), "4 times the mean squared error", "the mean"
        ),
        "returns the losses and the model": Wrong(
            lambda *args: (loop()(*args), None),
            "train returns a tuple of 2 items",
            "the per-step losses alone",
        ),
    },
)

EXERCISES = [fabric_train]
