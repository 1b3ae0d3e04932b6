"""The vanilla loop: the five math steps, tangled with devices, the loop itself, logging and training tricks."""
import csv
import logging
import warnings
from pathlib import Path

import torch
import torch.nn.functional as F
from torchmetrics import MeanSquaredError, MetricCollection, R2Score

from vanilla.checkpoint import checkpoint_path, checkpoint_to_resume, load_checkpoint, save_checkpoint
from vanilla.config import TrainConfig
from vanilla.data import make_loaders
from vanilla.model import Regressor
from vanilla.result import HISTORY, TrainResult, stack

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

    train_loader, val_loader = make_loaders(config)
    model = Regressor(config.n_features).to(device)  # device: parameters moved by hand
    optimizer = torch.optim.SGD(model.parameters(), lr=config.lr)
    val_metrics = MetricCollection({"val_loss": MeanSquaredError(), "val_r2": R2Score()}).to(device)  # device

    history = {key: [] for key in HISTORY}
    best, bad_epochs, start_epoch = float("inf"), 0, 0  # early stopping: the state it carries across epochs
    resume_from = checkpoint_to_resume(config)  # checkpoint: resume exactly where the last run stopped
    if resume_from:  # checkpoint
        state = load_checkpoint(resume_from)  # checkpoint
        model.load_state_dict(state["model"])  # checkpoint
        optimizer.load_state_dict(state["optimizer"])  # checkpoint
        scaler.load_state_dict(state["scaler"])  # checkpoint
        torch.set_rng_state(state["rng"])  # checkpoint: the next epoch shuffles as it would have
        history = {key: list(values) for key, values in state["history"].items()}  # checkpoint
        best, bad_epochs, start_epoch = state["best"], state["bad_epochs"], state["epoch"] + 1  # checkpoint

    for epoch in range(start_epoch, config.epochs):
        for batch_idx, (x, y) in enumerate(train_loader):
            x, y = x.to(device), y.to(device)  # device: every batch moved by hand
            with torch.autocast(device.type, half, enabled=precision != "32"):  # precision
                y_hat = model(x)  # step 1: forward
                loss = F.mse_loss(y_hat, y)  # step 2: loss
            history["step_losses"].append(loss.detach())
            if len(history["step_losses"]) % config.log_every_n_steps == 0:
                log.info("epoch %d step %d: train_loss %.4f", epoch, len(history["step_losses"]), loss.item())
                write_csv(config.log_dir, epoch=epoch, step=batch_idx, train_loss=loss.item())  # logging
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

        if val_loader:  # validation: by hand, once an epoch
            model.eval()  # validation: no dropout or batch-norm updates (none here, but the habit matters)
            with torch.no_grad():  # validation: no graph, no gradients
                for x, y in val_loader:  # validation
                    x, y = x.to(device), y.to(device)  # device
                    with torch.autocast(device.type, half, enabled=precision != "32"):  # precision
                        y_hat = model(x)  # validation
                    val_metrics.update(y_hat, y)  # validation
            model.train()  # validation
            values = val_metrics.compute()  # validation
            val_metrics.reset()  # validation
            write_csv(config.log_dir, epoch=epoch, step=batch_idx, **{k: v.item() for k, v in values.items()})  # logging
            for key, value in values.items():  # validation
                history[key].append(value)  # validation
            if history["val_loss"][-1] < best:  # early stopping
                best, bad_epochs = history["val_loss"][-1].item(), 0  # early stopping
            else:  # early stopping
                bad_epochs += 1  # early stopping
        if config.checkpoint_dir:  # checkpoint: after every epoch
            state = {"model": model.state_dict(), "optimizer": optimizer.state_dict(), "scaler": scaler.state_dict()}  # checkpoint
            state |= {"rng": torch.get_rng_state(), "epoch": epoch, "best": best, "bad_epochs": bad_epochs}  # checkpoint
            state["history"] = {key: stack(values) for key, values in history.items()}  # checkpoint
            save_checkpoint(state, checkpoint_path(config.checkpoint_dir, epoch))  # checkpoint
        if config.early_stopping_patience and bad_epochs >= config.early_stopping_patience:  # early stopping
            break  # early stopping

    return TrainResult.from_history(history, model.linear, batches_per_epoch=len(train_loader))


def write_csv(log_dir, **row):  # logging: a CSV by hand, with the columns Lightning's CSVLogger writes
    if not log_dir:  # logging
        return  # logging
    path = Path(log_dir) / "metrics.csv"  # logging
    new = not path.exists()  # logging
    path.parent.mkdir(parents=True, exist_ok=True)  # logging
    with path.open("a", newline="") as file:  # logging
        writer = csv.DictWriter(file, ["epoch", "step", "train_loss", "val_loss", "val_r2"])  # logging
        if new:  # logging
            writer.writeheader()  # logging
        writer.writerow(row)  # logging
