"""The device trap inside a LightningModule: a tensor training_step makes goes where the batch is.

Each class is lightning_version.minimal.LitRegressor with a training_step that weighs each
row's squared error. Every weight is 1, so every variant computes the plain mean squared
error. `Broken` makes its weights on the CPU: it trains on a laptop and fails on a GPU.
The other three make them where the batch is. The `meta` device stands in for the GPU on
a machine that has none: `on_meta` runs one training_step there.
"""

import torch

from lightning_version.minimal import LitRegressor

TRAP = "Tensor on device meta is not on the expected device cpu!"  # Broken on meta, torch 2.13


class Broken(LitRegressor):
    def training_step(self, batch, batch_idx):
        x, y = batch
        weights = torch.ones(len(y), 1)  # on the CPU, wherever the batch is
        return (weights * (self.model(x) - y) ** 2).mean()


class OnSelfDevice(LitRegressor):
    def training_step(self, batch, batch_idx):
        x, y = batch
        weights = torch.ones(len(y), 1, device=self.device)  # where the module is
        return (weights * (self.model(x) - y) ** 2).mean()


class TypeAs(LitRegressor):
    def training_step(self, batch, batch_idx):
        x, y = batch
        weights = torch.ones(len(y), 1).type_as(y)  # y's device and dtype
        return (weights * (self.model(x) - y) ** 2).mean()


class Buffer(LitRegressor):
    def __init__(self, n_features: int = 10, lr: float = 0.01):
        super().__init__(n_features, lr)
        self.register_buffer("row_weight", torch.ones(1, 1))  # moves with the module

    def training_step(self, batch, batch_idx):
        x, y = batch
        return (self.row_weight * (self.model(x) - y) ** 2).mean()


VARIANTS = (Broken, OnSelfDevice, TypeAs, Buffer)
FIXED = (OnSelfDevice, TypeAs, Buffer)


def on_meta(variant, batch, n_features=10):
    """One training_step with the module and the batch on the meta device, where a GPU
    would hold them: the loss (a meta tensor: a shape and a dtype, no values), or the
    device trap's RuntimeError."""
    module = variant(n_features).to("meta")
    return module.training_step([tensor.to("meta") for tensor in batch], 0)
