"""vanilla/minimal.py with every feature: each feature's block added to the starting loop.

vanilla/features/NAME.py is minimal.py plus one of these blocks, in the order the lessons add them.
"""

import logging
import math
import sys
import warnings
from dataclasses import asdict

import torch
import torch.nn.functional as F
from torchmetrics import MeanSquaredError, MetricCollection, R2Score
from tqdm import tqdm

from common.checkpoints import checkpoint_to_resume, load_to_resume
from common.checks import check_finite
from common.result import TrainResult
from task.config import TrainConfig
from task.model import Regressor
from vanilla.checkpoint import checkpoint_path, from_history, save_checkpoint, to_history
from vanilla.data import make_loaders
from vanilla.logs import new_version, write_csv

log = logging.getLogger(__name__)


def train(config=TrainConfig()):
    torch.manual_seed(config.seed)
    train_loader, val_loader = make_loaders(config)  # val_loader: None without held-out rows
    model = Regressor(config.n_features)
    optimizer = torch.optim.SGD(model.parameters(), lr=config.lr)
    val_metrics = MetricCollection({"val_loss": MeanSquaredError(), "val_r2": R2Score()})
    scheduler = torch.optim.lr_scheduler.ExponentialLR(optimizer, config.lr_decay)

    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if config.accelerator != "auto":  # the device asked for
        device = torch.device(config.accelerator)
    model.to(device)
    val_metrics.to(device)
    # mixed precision
    precision = config.precision
    if precision == "16-mixed" and device.type == "cpu":  # Lightning's choice, followed here
        warnings.warn("precision='16-mixed' is not supported on CPU: using 'bf16-mixed' instead.")
        precision = "bf16-mixed"
    dtype = torch.bfloat16 if precision == "bf16-mixed" else torch.float16
    # float16 underflows: the scaler scales the loss up, the gradients back down
    scaler = torch.amp.GradScaler(device.type, enabled=precision == "16-mixed")
    losses, validations = [], []
    best, bad_epochs = float("inf"), 0  # early stopping's state across epochs
    start_epoch = 0
    # checkpoint: resume, every piece put back
    resume_from = checkpoint_to_resume(config)
    if resume_from:
        state = load_to_resume(resume_from, config, "python -m vanilla")  # refuses changed flags
        model.load_state_dict(state["model"])
        optimizer.load_state_dict(state["optimizer"])
        scheduler.load_state_dict(state["scheduler"])
        scaler.load_state_dict(state["scaler"])
        torch.set_rng_state(state["rng"])  # the next epoch shuffles as it would have
        losses, validations = from_history(state["history"])
        best, bad_epochs, start_epoch = state["best"], state["bad_epochs"], state["epoch"] + 1
    # logs: a CSV file, and a line on stderr
    log_file = new_version(config.log_dir) / "metrics.csv" if config.log_dir else None
    steps_per_epoch = math.ceil(len(train_loader) / config.accumulate_grad_batches)
    # progress bar
    bar = tqdm(total=len(train_loader), file=sys.stdout, disable=not config.progress_bar)
    for epoch in range(start_epoch, config.epochs):
        bar.reset()
        bar.set_description(f"Epoch {epoch}")
        for batch_idx, (x, y) in enumerate(train_loader):
            x, y = x.to(device), y.to(device)
            with torch.autocast(device.type, dtype, enabled=precision != "32"):
                y_hat = model(x)  # step 1: forward
                loss = F.mse_loss(y_hat, y)  # step 2: loss
            check_finite("train_loss", loss, epoch, batch_idx)  # a NaN stops the run here
            if batch_idx % config.accumulate_grad_batches == 0:  # a window of batches starts
                optimizer.zero_grad()  # step 3: zero grad
            scaler.scale(loss / config.accumulate_grad_batches).backward()  # step 4: backward
            window_full = (batch_idx + 1) % config.accumulate_grad_batches == 0
            if window_full or batch_idx + 1 == len(train_loader):  # a short last window steps too
                scaler.unscale_(optimizer)  # clipping: the true gradients first
                if config.gradient_clip_val > 0:
                    torch.nn.utils.clip_grad_norm_(model.parameters(), config.gradient_clip_val)
                scaler.step(optimizer)  # step 5: step, skipped on inf or NaN
                scaler.update()
                # logs: every log_every_n_steps optimizer steps; global_step: steps before this one
                global_step = epoch * steps_per_epoch + batch_idx // config.accumulate_grad_batches
                if (global_step + 1) % config.log_every_n_steps == 0:
                    log.info("epoch %d step %d: train_loss %.4f", epoch, global_step, loss.item())
                    if log_file:
                        write_csv(log_file, epoch=epoch, step=global_step, train_loss=loss.item())
            losses.append(loss.detach())
            bar.set_postfix(train_loss=loss.item(), refresh=False)
            bar.update()
        scheduler.step()  # lr decay, once an epoch
        if val_loader:  # validation
            model.eval()
            with torch.no_grad():
                for x, y in val_loader:
                    x, y = x.to(device), y.to(device)
                    with torch.autocast(device.type, dtype, enabled=precision != "32"):
                        y_hat = model(x)
                    val_metrics.update(y_hat, y)
            model.train()
            validations.append(val_metrics.compute())  # {"val_loss": MSE, "val_r2": R²}
            val_metrics.reset()
            if log_file:  # logs: at the epoch's last step, as Lightning numbers it
                values = {key: value.item() for key, value in validations[-1].items()}
                write_csv(log_file, epoch=epoch, step=(epoch + 1) * steps_per_epoch - 1, **values)
            for key, value in validations[-1].items():
                check_finite(key, value, epoch)  # a NaN stops the run before it is saved
            if validations[-1]["val_loss"] < best:  # early stopping
                best, bad_epochs = validations[-1]["val_loss"].item(), 0
            else:
                bad_epochs += 1
        if config.checkpoint_dir:  # checkpoint: the whole state, after every epoch
            state = {
                "model": model.state_dict(),
                "optimizer": optimizer.state_dict(),
                "scheduler": scheduler.state_dict(),
                "scaler": scaler.state_dict(),
                "rng": torch.get_rng_state(),
                "epoch": epoch,
                "best": best,
                "bad_epochs": bad_epochs,
                "config": asdict(config),
                "history": to_history(losses, validations),
            }
            save_checkpoint(state, checkpoint_path(config.checkpoint_dir, epoch))
        if config.early_stopping_patience and bad_epochs >= config.early_stopping_patience:
            break
    bar.close()
    return TrainResult.from_history(
        to_history(losses, validations),
        model.linear,
        batches_per_epoch=len(train_loader),
        resumed_epochs=start_epoch,
        log_file=log_file or "",
    )
