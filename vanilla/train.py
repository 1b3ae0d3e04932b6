"""The vanilla loop: the five math steps, tangled with devices, the loop itself, logging and training tricks."""
import logging
import warnings

import torch
import torch.nn.functional as F

from vanilla.config import TrainConfig
from vanilla.data import make_train_loader
from vanilla.model import Regressor
from vanilla.result import TrainResult

log = logging.getLogger(__name__)


def train(config=TrainConfig()):
    torch.manual_seed(config.seed)
    auto = "cuda" if torch.cuda.is_available() else "cpu"  # device: "auto" resolved by hand
    device = torch.device(auto if config.accelerator == "auto" else config.accelerator)  # device
    precision = config.precision
    if precision == "16-mixed" and device.type == "cpu":  # precision: CPUs have no float16 autocast
        warnings.warn("precision='16-mixed' is not supported on CPU: using 'bf16-mixed' instead.")  # precision
        precision = "bf16-mixed"  # precision
    half = torch.bfloat16 if precision == "bf16-mixed" else torch.float16  # precision: the low-precision type
    scaler = torch.amp.GradScaler(device.type, enabled=precision == "16-mixed")  # precision: float16 underflows

    train_loader = make_train_loader(config)
    model = Regressor(config.n_features).to(device)  # device: parameters moved by hand
    optimizer = torch.optim.SGD(model.parameters(), lr=config.lr)

    step_losses = []
    for epoch in range(config.epochs):
        for batch_idx, (x, y) in enumerate(train_loader):
            x, y = x.to(device), y.to(device)  # device: every batch moved by hand
            with torch.autocast(device.type, half, enabled=precision != "32"):  # precision
                y_hat = model(x)  # step 1: forward
                loss = F.mse_loss(y_hat, y)  # step 2: loss
            step_losses.append(loss.detach())
            if len(step_losses) % config.log_every_n_steps == 0:
                log.info("epoch %d step %d: train_loss %.4f", epoch, len(step_losses), loss.item())
            if batch_idx % config.accumulate_grad_batches == 0:  # accumulation: a window of batches starts
                optimizer.zero_grad()  # step 3: zero grad
            loss = loss / config.accumulate_grad_batches  # accumulation: the window's gradients average
            scaler.scale(loss).backward()  # step 4: backward; precision: on a scaled loss
            window_full = (batch_idx + 1) % config.accumulate_grad_batches == 0  # accumulation
            if window_full or batch_idx + 1 == len(train_loader):  # accumulation: a short last window steps too
                scaler.unscale_(optimizer)  # precision: true gradients before clipping
                if config.gradient_clip_val > 0:  # clipping: 0 turns it off
                    torch.nn.utils.clip_grad_norm_(model.parameters(), config.gradient_clip_val)  # clipping
                scaler.step(optimizer)  # step 5: step; precision: skipped if the scaled gradients overflowed
                scaler.update()  # precision: adapts the scale

    return TrainResult(
        step_losses=torch.stack(step_losses).cpu(),
        weight=model.linear.weight.detach().cpu(),
        bias=model.linear.bias.detach().cpu(),
        epochs=config.epochs,
    )

