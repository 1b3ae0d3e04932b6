"""Exercise 8: the seed's loop converted with Lightning Fabric, in bf16-mixed on the CPU."""
import lightning as L
import torch
import torch.nn.functional as F

from course.exercises.fabric_loop import check_fabric_train
from exercise_corpus import Exercise, Wrong
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


def loop(fabric_arguments=None, setup="both", loader=True, autocast=False, backward="fabric", zero_grad=True,
         model_made_inside=False):
    """The solution with one line changed to make a mistake."""
    def train(model, optimizer, train_loader, epochs):
        fabric = L.Fabric(**(fabric_arguments if fabric_arguments is not None else
                             dict(accelerator="cpu", devices=1, precision="bf16-mixed")))
        if model_made_inside:
            model = Regressor(3)
            optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
        if setup == "both":
            model, optimizer = fabric.setup(model, optimizer)
        elif setup == "model":
            model = fabric.setup(model)
        elif setup == "optimizer":
            optimizer = fabric.setup_optimizers(optimizer)
        if loader:
            train_loader = fabric.setup_dataloaders(train_loader)
        losses = []
        for epoch in range(epochs):
            for x, y in train_loader:
                with torch.autocast("cpu", dtype=torch.bfloat16, enabled=autocast):
                    loss = F.mse_loss(model(x), y)
                if zero_grad:
                    optimizer.zero_grad()
                fabric.backward(loss) if backward == "fabric" else loss.backward()
                optimizer.step()
                losses.append(loss.detach())
        return losses

    return train


FABRIC_FIX = 'L.Fabric(accelerator="cpu", devices=1, precision="bf16-mixed")'
SETUP_FIX = "model, optimizer = fabric.setup(model, optimizer)"
fabric_train = Exercise("8", run=check_fabric_train, right={
    "as in the solution": as_in_the_solution,
    "set up one by one, floats, a leftover .to(fabric.device)": set_up_one_by_one_floats_and_a_leftover_move,
    "the vanilla loop's autocast and print left in": autocast_by_hand_too,
}, wrong={
    "loss.backward()": Wrong(loop(backward="loss"), "loss.backward() is refused", "fabric.backward(loss)"),
    "no precision": Wrong(loop(fabric_arguments=dict(accelerator="cpu", devices=1)), "Fabric was made with "
                          "precision \"32-true\", so the run is not in bf16-mixed", FABRIC_FIX),
    "autocast by hand, no precision": Wrong(loop(fabric_arguments=dict(accelerator="cpu"), autocast=True),
                                            "The forward runs under an autocast written by hand", "remove "
                                            "torch.autocast"),
    "16-mixed": Wrong(loop(fabric_arguments=dict(accelerator="cpu", precision="16-mixed")), "precision "
                      "\"16-mixed\": on a CPU Fabric replaces it", "precision=\"bf16-mixed\""),
    "bf16-true": Wrong(loop(fabric_arguments=dict(accelerator="cpu", precision="bf16-true")), "precision "
                       "\"bf16-true\", so the run is not in bf16-mixed", FABRIC_FIX),
    "no setup_dataloaders": Wrong(loop(loader=False), "The loader is not set up with Fabric",
                                  "fabric.setup_dataloaders(train_loader)"),
    "the model not set up": Wrong(loop(setup="optimizer"), "The model you were given is not set up", SETUP_FIX),
    "the optimizer not set up": Wrong(loop(setup="model"), "The optimizer is not set up with Fabric",
                                      "fabric.setup_optimizers(optimizer)"),
    "a model made inside": Wrong(loop(model_made_inside=True), "The model you were given is not set up",
                                 SETUP_FIX),
    "no zero grad": Wrong(loop(zero_grad=False), "Gradients pile up", "before fabric.backward(loss)"),
    "no Fabric at all": Wrong(lambda model, optimizer, train_loader, epochs: [], "train makes no Fabric",
                              FABRIC_FIX),
})

EXERCISES = [fabric_train]
