"""A checkpoint moves between devices: written on a GPU, it resumes on a CPU (simulated here by tagging every tensor
in the file as a CUDA tensor, as torch.save does on a GPU), and, where a GPU is at hand, the other way round."""

from dataclasses import replace
from unittest import mock

import pytest
import torch

from lightning_version.train import train as train_lightning
from task.config import TrainConfig
from vanilla.train import train as train_vanilla

TRAINS = {"vanilla": train_vanilla, "lightning": train_lightning}
CONFIG = TrainConfig(epochs=2, shuffle=True, val_fraction=0.2, lr_decay=0.9, accelerator="cpu")
CUDA = pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")


def as_if_written_on_a_gpu(path):
    """Saves the checkpoint at path again with every tensor's storage tagged "cuda:0", as a GPU run writes it."""
    checkpoint = torch.load(path, weights_only=True)
    with mock.patch.object(torch.serialization, "location_tag", lambda storage: "cuda:0"):
        torch.save(checkpoint, path)


@pytest.mark.parametrize("side", TRAINS)
def test_a_checkpoint_written_on_a_gpu_resumes_on_the_cpu_bitwise(side, tmp_path):
    config = replace(CONFIG, checkpoint_dir=str(tmp_path))
    TRAINS[side](config)
    as_if_written_on_a_gpu(tmp_path / "epoch=1.ckpt")
    if not torch.cuda.is_available():  # the file now needs a map_location, as a GPU's does on a CPU
        with pytest.raises(RuntimeError, match="Attempting to deserialize object on a CUDA device"):
            torch.load(tmp_path / "epoch=1.ckpt", weights_only=True)
    resumed = TRAINS[side](replace(config, epochs=4, resume=True))
    straight = TRAINS[side](replace(config, epochs=4, checkpoint_dir=""))
    assert resumed.resumed_epochs == 2
    for name in ("step_losses", "weight", "bias", "val_loss", "val_r2"):
        assert torch.equal(getattr(resumed, name), getattr(straight, name)), name


@CUDA
@pytest.mark.parametrize("side", TRAINS)
def test_a_checkpoint_written_on_the_cpu_resumes_on_a_gpu(side, tmp_path):
    """CPU and GPU kernels round differently: close, not equal (2 epochs on the CPU, 2 on the GPU, against 4 on the
    CPU, within 1e-5 on the weights)."""
    config = replace(CONFIG, checkpoint_dir=str(tmp_path))
    TRAINS[side](config)
    resumed = TRAINS[side](replace(config, epochs=4, resume=True, accelerator="cuda"))
    straight = TRAINS[side](replace(config, epochs=4, checkpoint_dir=""))
    assert resumed.resumed_epochs == 2 and resumed.weight.device.type == "cpu"
    torch.testing.assert_close(resumed.weight, straight.weight, rtol=0, atol=1e-5)
    torch.testing.assert_close(resumed.bias, straight.bias, rtol=0, atol=1e-5)
