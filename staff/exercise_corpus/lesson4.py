"""Exercise 4: a step that moves its batch (4a), a learning rate (4b), the device trap inside Lightning (4c)."""

import numpy as np
import torch
import torch.nn.functional as F

from course.exercises import mistakes
from course.exercises.dangers import check_device_step, check_device_trap, check_learning_rate
from lightning_version.minimal import LitRegressor
from staff.exercise_corpus import Exercise, Wrong

CUDA = torch.cuda.is_available()


def five_steps(model, optimizer, x, y):
    loss = F.mse_loss(model(x), y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    return loss


def moves_x_and_y(model, optimizer, batch, device):  # the solution's way
    x, y = batch
    x, y = x.to(device), y.to(device)
    return five_steps(model, optimizer, x, y).detach()


def moves_to_the_parameters_device(model, optimizer, batch, device):
    device = next(model.parameters()).device
    x, y = (tensor.to(device, non_blocking=True) for tensor in batch)
    return five_steps(model, optimizer, x, y).detach()


# reads the loss: meta answers as the CPU did
def moves_a_list_prints_and_asserts(model, optimizer, batch, device):
    batch = [tensor.to(device) for tensor in batch]
    loss = five_steps(model, optimizer, *batch)
    print("step on", batch[0].device, f"loss {loss.item():.4f} {loss:.3f}", torch.rand(1).shape)
    assert torch.isfinite(loss) and not torch.isnan(loss), "the loss exploded"
    if loss.item() > 1e6:
        raise RuntimeError("the loss exploded")
    return loss.detach().clone()


def moves_with_keywords(model, optimizer, batch, device):
    x = torch.as_tensor(batch[0], device=device)
    y = batch[1].to(device=device, dtype=torch.float32)
    model.to(device)  # already there: nothing moves
    return five_steps(model, optimizer, x, y).detach().to(device)


def weighs_rows_made_on_the_device(model, optimizer, batch, device):
    x, y = map(lambda tensor: tensor.to(device), batch)
    weights = torch.ones(len(y), 1, device=device)
    loss = (weights * (model(x) - y) ** 2).mean()
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    return loss.detach()


def moves_nothing(model, optimizer, batch, device):  # mistake 3
    return five_steps(model, optimizer, *batch).detach()


def moves_x_only(model, optimizer, batch, device):  # mistake 3
    x, y = batch
    return five_steps(model, optimizer, x.to(device), y).detach()


def moves_y_only(model, optimizer, batch, device):
    x, y = batch
    return five_steps(model, optimizer, x, y.to(device)).detach()


def moves_without_keeping_the_copies(model, optimizer, batch, device):
    x, y = batch
    x.to(device)
    y.to(device)
    return five_steps(model, optimizer, x, y).detach()


def moves_to_cuda(model, optimizer, batch, device):
    x, y = batch
    return five_steps(model, optimizer, x.cuda(), y.cuda()).detach()


def moves_to_the_cpu(model, optimizer, batch, device):
    x, y = (tensor.to("cpu") for tensor in batch)
    return five_steps(model, optimizer, x, y).detach()


def new_tensor_on_the_cpu(model, optimizer, batch, device):  # the batch moved, a new tensor not
    x, y = (tensor.to(device) for tensor in batch)
    weights = torch.ones(len(y), 1)
    loss = (weights * (model(x) - y) ** 2).mean()
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    return loss.detach()


def forgets_zero_grad(model, optimizer, batch, device):  # mistake 1 behind a right device move
    x, y = (tensor.to(device) for tensor in batch)
    loss = F.mse_loss(model(x), y)
    loss.backward()
    optimizer.step()
    return loss.detach()


def steps_before_backward(model, optimizer, batch, device):
    x, y = (tensor.to(device) for tensor in batch)
    loss = F.mse_loss(model(x), y)
    optimizer.zero_grad()
    optimizer.step()
    loss.backward()
    return loss.detach()


def returns_item(model, optimizer, batch, device):
    x, y = (tensor.to(device) for tensor in batch)
    return five_steps(model, optimizer, x, y).item()


def returns_on_the_cpu(model, optimizer, batch, device):
    x, y = (tensor.to(device) for tensor in batch)
    return five_steps(model, optimizer, x, y).detach().cpu()


# the check's stand-in, written in: fails on the CPU
def moves_to_meta(model, optimizer, batch, device):
    x, y = (tensor.to("meta") for tensor in batch)
    return five_steps(model, optimizer, x, y).detach()


def picks_its_own_device(model, optimizer, batch, device):
    own = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    x, y = (tensor.to(own) for tensor in batch)
    return five_steps(model, optimizer, x, y).detach()


def keeps_the_first_device(model, optimizer, batch, device):  # state kept between calls
    keeps_the_first_device.device = getattr(keeps_the_first_device, "device", device)
    x, y = (tensor.to(keeps_the_first_device.device) for tensor in batch)
    return five_steps(model, optimizer, x, y).detach()


def moves_the_model_to_the_cpu(model, optimizer, batch, device):
    model.to("cpu")
    return five_steps(model, optimizer, *batch).detach()


def keeps_a_running_total(model, optimizer, batch, device):
    x, y = (tensor.to(device) for tensor in batch)
    loss = five_steps(model, optimizer, x, y).detach()
    keeps_a_running_total.total = getattr(keeps_a_running_total, "total", 0) + loss
    return keeps_a_running_total.total


def prints_through_numpy(model, optimizer, batch, device):
    x, y = (tensor.to(device) for tensor in batch)
    loss = five_steps(model, optimizer, x, y)
    print(loss.detach().numpy())
    return loss.detach()


def returns_the_graph(model, optimizer, batch, device):
    x, y = (tensor.to(device) for tensor in batch)
    return five_steps(model, optimizer, x, y)


MOVE_FIX = "move every tensor of the batch to `device`"
ARGUMENT_FIX = "move the batch to the `device` argument"
CPU_ONLY = "part of the batch stayed on the CPU"

device_step = Exercise(
    "4a",
    run=check_device_step,
    right={
        "moves x and y": moves_x_and_y,
        "to the parameters' device": moves_to_the_parameters_device,
        "a list, prints and asserts that read the loss": moves_a_list_prints_and_asserts,
        "as_tensor(device=), .to(device=, dtype=), model.to(device)": moves_with_keywords,
        "new weights made on the device": weighs_rows_made_on_the_device,
    },
    wrong={
        "moves nothing": Wrong(
            moves_nothing, "nothing in train_step moves it to `device`", MOVE_FIX
        ),
        "moves x only": Wrong(
            moves_x_only, "the targets (batch[1]) are still on the CPU", MOVE_FIX
        ),
        "moves y only": Wrong(moves_y_only, "the inputs (batch[0]) are still on the CPU", MOVE_FIX),
        "copies not kept": Wrong(
            moves_without_keeping_the_copies,
            ".to() returns a moved copy",
            "keep the tensor that .to() returns",
        ),
        "moves to the CPU": Wrong(
            moves_to_the_cpu,
            "moves the inputs (batch[0]) to the CPU, not to `device`",
            ARGUMENT_FIX,
        ),
        # cuda: names the GPU
        "picks cuda or cpu itself": Wrong(picks_its_own_device, "not to `device`", ARGUMENT_FIX),
        "keeps the first call's device": Wrong(
            keeps_the_first_device,
            "moves the inputs (batch[0]) to the CPU, not to "
            "`device`, the device this call is given (meta)",
            "of each call",
        ),
        "moves to meta": Wrong(
            moves_to_meta, "moves the inputs (batch[0]) to meta, not to `device`", ARGUMENT_FIX
        ),
        ".cuda()": Wrong(moves_to_cuda, "train_step names the GPU itself", ARGUMENT_FIX),
        "moves the model to the CPU": Wrong(
            moves_the_model_to_the_cpu,
            "train_step moves the model to the CPU",
            "leave the model where it is",
        ),
        "a new tensor on the CPU": Wrong(
            new_tensor_on_the_cpu,
            "a tensor the step makes itself is made on the CPU",
            "make it on the device the batch is on",
        ),
        "returns .item()": Wrong(
            returns_item, "train_step returns a Python number", "not a number"
        ),
        "returns .cpu()": Wrong(
            returns_on_the_cpu, "train_step returns the loss on the CPU", "without copying it"
        ),
        "a running total": Wrong(
            keeps_a_running_total,
            "it carries a total over from earlier calls",
            "return only this batch's loss",
        ),
        "NumPy on the device": Wrong(
            prints_through_numpy,
            "train_step turns a tensor into NumPy",
            "keep the step's tensors as tensors",
        ),
        "forgets zero_grad": Wrong(
            forgets_zero_grad, mistakes.name(mistakes.ZERO_GRAD), "clear the optimizer's gradients"
        ),
        "steps before backward": Wrong(
            steps_before_backward,
            "optimizer.step() runs before loss.backward()",
            "forward, loss, zero grad, backward, step",
        ),
        "returns the graph": Wrong(
            returns_the_graph, "returns the loss with its graph", "detach the loss"
        ),
    },
)

SMALLER, LARGER = "try a smaller learning rate", "try a larger learning rate"
learning_rate = Exercise(
    "4b",
    run=check_learning_rate,
    right={
        "0.1": 0.1,
        "0.2": 0.2,
        "0.4": 0.4,
        "0.07": 0.07,
        "np.float32(0.1)": np.float32(0.1),
        "torch.tensor(0.1)": torch.tensor(0.1),
        "3 / 20": 3 / 20,
    },
    wrong={
        "10.0 reaches inf": Wrong(
            10.0,
            "The loss explodes: with lr=10.0 it went from 8.817 to inf",
            "a smaller learning rate",
        ),
        "1.0 grows": Wrong(1.0, "The loss explodes: with lr=1.0", "a smaller learning rate"),
        "0.01 too slow": Wrong(0.01, "the steps are too small", LARGER),
        "0.001 far too slow": Wrong(0.001, "the steps are too small", LARGER),
        "0.5 bounces": Wrong(0.5, "the steps are too large", SMALLER),
        "0.45 just too large": Wrong(0.45, "the steps are too large", SMALLER),
        "zero": Wrong(0, "lr is 0", "a number above 0"),
        "negative": Wrong(-0.1, "lr is -0.1", "a number above 0"),
        "NaN": Wrong(float("nan"), "lr is nan", "a number above 0"),
        "a string": Wrong("0.1", "lr is the string '0.1'", "without quotes"),
        "None": Wrong(None, "lr is None", "one number above 0"),
        "a list": Wrong([0.1], "lr is [0.1], a list", "one number above 0"),
        "a tuple": Wrong((0.1,), "lr is (0.1,), a tuple", "a trailing comma makes a tuple"),
        "True": Wrong(True, "lr is True, a bool", "one number above 0"),
    },
)


class OnSelfDevice(LitRegressor):
    def training_step(self, batch, batch_idx):
        x, y = batch
        weights = torch.ones(len(y), 1, device=self.device)
        return (weights * (self.model(x) - y) ** 2).mean()


class TypeAs(LitRegressor):
    def training_step(self, batch, batch_idx):
        x, y = batch
        weights = torch.ones(len(y), 1).type_as(y)
        return (weights * (self.model(x) - y) ** 2).mean()


class Buffer(LitRegressor):
    def __init__(self, n_features: int = 10, lr: float = 0.01):
        super().__init__(n_features, lr)
        self.register_buffer("row_weight", torch.ones(1, 1))

    def training_step(self, batch, batch_idx):
        x, y = batch
        return (self.row_weight * (self.model(x) - y) ** 2).mean()


class OnesLikeAndAPrint(LitRegressor):
    def training_step(self, batch, batch_idx):
        inputs, targets = batch
        print(batch_idx, end=" ")
        squared = (self.model(inputs) - targets) ** 2
        return (torch.ones_like(targets) * squared).mean()


class NewOnesToYsDevice(LitRegressor):
    def training_step(self, batch, batch_idx):
        x, y = batch
        weights = y.new_ones(len(y), 1)
        loss = (weights.to(y.device) * (self.model(x) - y) ** 2).mean()
        self.log("train_loss", loss)
        return loss


def lit_with_weights(make, scale=1.0):
    class Wrong_(LitRegressor):
        def training_step(self, batch, batch_idx):
            x, y = batch
            return (make(self, y) * scale * (self.model(x) - y) ** 2).mean()

    return Wrong_


class PlainAttribute(LitRegressor):
    def __init__(self, n_features: int = 10, lr: float = 0.01):
        super().__init__(n_features, lr)
        self.row_weight = torch.ones(1, 1)

    def training_step(self, batch, batch_idx):
        x, y = batch
        return (self.row_weight * (self.model(x) - y) ** 2).mean()


class BufferMadeInTrainingStep(LitRegressor):
    def training_step(self, batch, batch_idx):
        x, y = batch
        self.register_buffer("row_weight", torch.ones(len(y), 1))
        return (self.row_weight * (self.model(x) - y) ** 2).mean()


class Detached(OnSelfDevice):
    def training_step(self, batch, batch_idx):
        return super().training_step(batch, batch_idx).detach()


class CallsBackward(OnSelfDevice):
    def training_step(self, batch, batch_idx):
        loss = super().training_step(batch, batch_idx)
        loss.backward()
        return loss


# self.trainer, self.global_step, self.log options, a dict: a real Trainer's
class WhatATrainerGives(LitRegressor):
    def training_step(self, batch, batch_idx):
        x, y = batch
        weights = torch.ones(x.size(0), 1, device=self.device, dtype=y.dtype)
        loss = (weights * (self.model(x) - y) ** 2).mean()
        if self.trainer.is_global_zero and self.global_step % 100 == 0:
            print("step", self.global_step, f"loss {loss.item():.3f}")
        assert torch.isfinite(loss), "the loss exploded"
        self.log("train_loss", loss, prog_bar=True, on_step=True, on_epoch=True)
        return {"loss": loss}


# state kept between calls: made on the first batch, wherever that was
class CachedOnTheModule(LitRegressor):
    def training_step(self, batch, batch_idx):
        x, y = batch
        if not hasattr(self, "row_weight"):
            self.row_weight = torch.ones(1, 1, device=y.device)
        return (self.row_weight * (self.model(x) - y) ** 2).mean()


class ParameterMadeInTrainingStep(LitRegressor):
    def training_step(self, batch, batch_idx):
        x, y = batch
        self.row_weight = torch.nn.Parameter(torch.ones(len(y), 1, device=y.device))
        return (self.row_weight * (self.model(x) - y) ** 2).mean()


class MovesTheBatchToTheCpu(LitRegressor):
    def training_step(self, batch, batch_idx):
        x, y = (tensor.cpu() for tensor in batch)
        return (torch.ones(len(y), 1) * (self.model(x) - y) ** 2).mean()


class SummedWeights(LitRegressor):
    def training_step(self, batch, batch_idx):
        x, y = batch
        return (torch.ones_like(y) * (self.model(x) - y) ** 2).sum()


WHERE_FIX = "make the weights on the batch's device"
device_trap = Exercise(
    "4c",
    run=check_device_trap,
    right={
        "device=self.device": OnSelfDevice,
        "type_as(y)": TypeAs,
        "a buffer": Buffer,
        "ones_like(y), a print": OnesLikeAndAPrint,
        "y.new_ones, logged": NewOnesToYsDevice,
        "what a Trainer gives: self.trainer, self.global_step, self.log, a dict": WhatATrainerGives,
        "one weight of shape (1, 1), broadcast": lit_with_weights(
            lambda self, y: torch.ones(1, 1, device=y.device)
        ),
        "torch.empty, then filled with 1": lit_with_weights(
            lambda self, y: torch.empty_like(y).fill_(1.0)
        ),
    },
    wrong={
        "Broken: torch.ones on the CPU": Wrong(
            lit_with_weights(lambda self, y: torch.ones(len(y), 1)),
            "training_step makes a tensor on the CPU",
            WHERE_FIX,
        ),
        "a list made into a tensor": Wrong(
            lit_with_weights(lambda self, y: torch.tensor([[1.0]] * len(y))),
            "training_step makes a tensor on the CPU",
            WHERE_FIX,
        ),
        "from NumPy": Wrong(
            lit_with_weights(lambda self, y: torch.from_numpy(np.ones((len(y), 1), np.float32))),
            "training_step makes a tensor on the CPU",
            WHERE_FIX,
        ),
        'device="cpu"': Wrong(
            lit_with_weights(lambda self, y: torch.ones(len(y), 1, device="cpu")),
            "training_step makes a tensor on the CPU",
            WHERE_FIX,
        ),
        'device="meta", the check\'s stand-in': Wrong(
            lit_with_weights(lambda self, y: torch.ones(len(y), 1, device="meta")),
            "training_step makes a tensor on meta while the module and the batch are on the CPU",
            WHERE_FIX,
        ),
        "the batch sent to the CPU": Wrong(
            MovesTheBatchToTheCpu,
            "training_step sends the inputs (batch[0]) to the CPU",
            "use the batch where it is",
        ),
        "a plain attribute": Wrong(
            PlainAttribute,
            "self.row_weight is a tensor kept as a plain attribute",
            "register it as a buffer in __init__",
        ),
        "kept on the module from the first call": Wrong(
            CachedOnTheModule,
            "self.row_weight is a tensor kept as a plain "
            "attribute that an earlier training_step made",
            "make the weights anew in every training_step",
        ),
        "a buffer made in training_step": Wrong(
            BufferMadeInTrainingStep,
            "training_step adds a buffer self.row_weight",
            "register them once in __init__",
        ),
        "a parameter made in training_step": Wrong(
            ParameterMadeInTrainingStep,
            "training_step adds a parameter self.row_weight",
            "register them once in __init__",
        ),
        "a batch size of 10 written in": Wrong(
            lit_with_weights(lambda self, y: torch.ones(10, 1, device=y.device)),
            "On a batch of 5 rows",
            "size the weights from the batch",
        ),
        ".cuda()": Wrong(
            lit_with_weights(lambda self, y: torch.ones(len(y), 1).cuda()),
            "names the GPU itself",
            WHERE_FIX,
        ),
        "weights of 2": Wrong(
            lit_with_weights(lambda self, y: torch.ones_like(y), scale=2.0),
            "with every row's weight 1 the loss is the plain mean squared error",
            "make every weight 1",
        ),
        "weights of 0": Wrong(
            lit_with_weights(lambda self, y: torch.zeros_like(y)),
            "with every row's weight 1 the loss is the plain mean squared error",
            "make every weight 1",
        ),
        "a weighted sum, not the mean": Wrong(SummedWeights, "training_step gives", "use the mean"),
        "torch.empty_like": Wrong(
            lit_with_weights(lambda self, y: torch.empty_like(y)),
            "its weights are made without values",
            "weights that hold 1",
        ),
        "weights in float64": Wrong(
            lit_with_weights(lambda self, y: torch.ones_like(y, dtype=torch.float64)),
            "training_step returns a float64 loss",
            "in the batch's dtype",
        ),
        "detached": Wrong(
            Detached,
            "training_step returns a tensor without a graph",
            "return the loss as computed",
        ),
        "calls backward": Wrong(
            CallsBackward,
            "training_step calls backward itself",
            "leave zero grad, backward and step to the Trainer",
        ),
    },
)

EXERCISES = [device_step, learning_rate, device_trap]
