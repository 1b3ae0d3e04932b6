"""Exercise 4: a step that moves its batch (4a), a learning rate (4b), the device trap inside Lightning (4c)."""
import numpy as np
import torch
import torch.nn.functional as F

from course.exercises import mistakes
from course.exercises.dangers import check_device_step, check_device_trap, check_learning_rate
from exercise_corpus import Exercise, Wrong
from lightning_version.minimal import LitRegressor

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


def moves_to_the_parameters_device(model, optimizer, batch, device):  # .item() is fine on a real device
    device = next(model.parameters()).device
    x, y = (tensor.to(device, non_blocking=True) for tensor in batch)
    return five_steps(model, optimizer, x, y).item()


def moves_a_list_and_prints(model, optimizer, batch, device):
    batch = [tensor.to(device) for tensor in batch]
    print("step on", batch[0].device, torch.rand(1).shape)
    return five_steps(model, optimizer, *batch).detach().cpu() if device.type != "meta" else None


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


def returns_the_graph(model, optimizer, batch, device):
    x, y = (tensor.to(device) for tensor in batch)
    return five_steps(model, optimizer, x, y)


DEVICE = mistakes.name(mistakes.DEVICE)
MOVE_FIX = "x, y = x.to(device), y.to(device)"

device_step = Exercise("4a", run=check_device_step, right={
    "moves x and y": moves_x_and_y,
    "to the parameters' device, .item()": moves_to_the_parameters_device,
    "a list, a print, .cpu()": moves_a_list_and_prints,
    "new weights made on the device": weighs_rows_made_on_the_device,
}, wrong={
    "moves nothing": Wrong(moves_nothing, "part of the batch stayed on the CPU", MOVE_FIX),
    "moves x only": Wrong(moves_x_only, "part of the batch stayed on the CPU", MOVE_FIX),
    "moves y only": Wrong(moves_y_only, "part of the batch stayed on the CPU", MOVE_FIX),
    "copies not kept": Wrong(moves_without_keeping_the_copies, ".to(device) returns a moved copy", MOVE_FIX),
    "moves to the CPU": Wrong(moves_to_the_cpu, "part of the batch stayed on the CPU", MOVE_FIX),
    ".cuda()": Wrong(moves_to_cuda, "train_step names the GPU itself", "use .to(device)"),
    "a new tensor on the CPU": Wrong(new_tensor_on_the_cpu, "train_step makes a new tensor on the CPU",
                                     "torch.ones(len(y), 1, device=device)"),
    "forgets zero_grad": Wrong(forgets_zero_grad, mistakes.name(mistakes.ZERO_GRAD), "optimizer.zero_grad()"),
    "steps before backward": Wrong(steps_before_backward, "optimizer.step() runs before loss.backward()",
                                   "zero grad, backward, step"),
    "returns the graph": Wrong(returns_the_graph, "returns the loss with its graph", "return loss.detach()"),
})

FAST, TOO_SLOW = "Fix: try a larger value", "Fix: try a smaller value"
learning_rate = Exercise("4b", run=check_learning_rate, right={
    "0.1": 0.1,
    "0.2": 0.2,
    "np.float32(0.1)": np.float32(0.1),
    "torch.tensor(0.1)": torch.tensor(0.1),
    "3 / 20": 3 / 20,
}, wrong={
    "10.0 reaches inf": Wrong(10.0, "The loss explodes: with lr=10.0 it went from 8.817 to inf", "lower the "
                              "learning rate (try 0.37"),
    "1.0 grows": Wrong(1.0, "The loss explodes: with lr=1.0", "lower the learning rate (try 0.33"),
    "0.01 too slow": Wrong(0.01, "the steps are too small", "try a larger value, e.g. 0.09"),
    "0.001 far too slow": Wrong(0.001, "the steps are too small", "try a larger value, e.g. 0.081"),
    "0.5 bounces": Wrong(0.5, "the steps are too large", "try a smaller value, e.g. 0.17"),
    "zero": Wrong(0, "lr is 0", "a number above 0"),
    "negative": Wrong(-0.1, "lr is -0.1", "a number above 0"),
    "NaN": Wrong(float("nan"), "lr is nan", "a number above 0"),
    "a string": Wrong("0.1", "lr is the string '0.1'", "without quotes"),
    "None": Wrong(None, "lr is None", "one number above 0"),
    "a list": Wrong([0.1], "lr is [0.1], a list", "one number above 0"),
    "True": Wrong(True, "lr is True, a bool", "one number above 0"),
})


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


CPU_FIX = "device=self.device"
device_trap = Exercise("4c", run=check_device_trap, right={
    "device=self.device": OnSelfDevice,
    "type_as(y)": TypeAs,
    "a buffer": Buffer,
    "ones_like(y), a print": OnesLikeAndAPrint,
    "y.new_ones, logged": NewOnesToYsDevice,
}, wrong={
    "Broken: torch.ones on the CPU": Wrong(lit_with_weights(lambda self, y: torch.ones(len(y), 1)),
                                           "training_step makes a tensor on the CPU", CPU_FIX),
    "a list made into a tensor": Wrong(lit_with_weights(lambda self, y: torch.tensor([[1.0]] * len(y))),
                                       "training_step makes a tensor on the CPU", CPU_FIX),
    "from NumPy": Wrong(lit_with_weights(lambda self, y: torch.from_numpy(np.ones((len(y), 1), np.float32))),
                        "training_step makes a tensor on the CPU", CPU_FIX),
    "device=\"cpu\"": Wrong(lit_with_weights(lambda self, y: torch.ones(len(y), 1, device="cpu")),
                            "training_step makes a tensor on the CPU", CPU_FIX),
    "a plain attribute": Wrong(PlainAttribute, "self.row_weight is a tensor kept as a plain attribute",
                               "self.register_buffer(\"row_weight\", torch.ones(1, 1))"),
    "a buffer made in training_step": Wrong(BufferMadeInTrainingStep, "training_step makes a tensor on the CPU",
                                            "registered in __init__"),
    ".cuda()": Wrong(lit_with_weights(lambda self, y: torch.ones(len(y), 1).cuda()), "names the GPU itself",
                     "where the batch is"),
    "weights of 2": Wrong(lit_with_weights(lambda self, y: torch.ones_like(y), scale=2.0), "with every row's "
                          "weight 1 the loss is the mean squared error", "weights of ones"),
    "detached": Wrong(Detached, "training_step returns a detached tensor", "return the loss itself"),
    "calls backward": Wrong(CallsBackward, "training_step calls loss.backward() itself", "leave zero grad, "
                            "backward and step to the Trainer"),
})

EXERCISES = [device_step, learning_rate, device_trap]
