"""The Rosetta table: each config field, what the vanilla loop hand-writes for it, and what replaces it in Lightning."""

from task.config import GROUPS, flag

ROWS = {
    "seed": ("`torch.manual_seed(seed)`", "`L.seed_everything(seed)`"),
    "epochs": (
        "`for epoch in range(epochs):` around the batch loop",
        "`Trainer(max_epochs=epochs)`",
    ),
    "batch_size": (
        "`DataLoader(..., batch_size=batch_size)`",
        "the same `DataLoader`, returned by `LightningDataModule.train_dataloader()`",
    ),
    "shuffle": (
        "`DataLoader(..., shuffle=shuffle)`",
        "the same `DataLoader`, from `LightningDataModule.train_dataloader()`",
    ),
    "lr": (
        "`optimizer = torch.optim.SGD(model.parameters(), lr=lr)`, then steps 3-5 by hand",
        "`configure_optimizers()` returns the optimizer; the Trainer runs steps 3-5",
    ),
    "lr_decay": (
        "`ExponentialLR(optimizer, lr_decay)`; `scheduler.step()` by hand after each epoch, saved and restored with the checkpoint",
        '`configure_optimizers()` returns `{"optimizer": ..., "lr_scheduler": scheduler}`; the Trainer steps it once an epoch (`"interval": "step"` for every batch) and checkpoints it',
    ),
    "accelerator": (
        "`device = torch.device(...)`, `model.to(device)`, `x.to(device)` on every batch",
        "`Trainer(accelerator=...)`",
    ),
    "devices": (
        "`vanilla/ddp.py`: a process group, a `DistributedSampler` + `set_epoch`, `DistributedDataParallel`, logging on rank 0, `destroy_process_group`; started by `torchrun --nproc-per-node N`",
        "`Trainer(devices=N)`",
    ),
    "num_nodes": (
        "`torchrun --nnodes M --node-rank R --rdzv-endpoint HOST:PORT` on every machine",
        "`Trainer(num_nodes=M)` (under SLURM: `srun`)",
    ),
    "strategy": (
        "how the processes start: `torchrun` from a shell, `vanilla.ddp.launch` from a notebook (fork on Linux, spawn elsewhere)",
        '`Trainer(strategy="ddp")` from a script, `"ddp_notebook"` in Jupyter',
    ),
    "precision": (
        "`torch.autocast` around steps 1-2; for float16 a `GradScaler`: scale, unscale, step, update; the CPU fallback to bfloat16",
        "`Trainer(precision=...)`",
    ),
    "accumulate_grad_batches": (
        "zero grad at the start of each window, loss / N, step at the window's end and at the epoch's last batch",
        "`Trainer(accumulate_grad_batches=N)`",
    ),
    "gradient_clip_val": (
        "`clip_grad_norm_(model.parameters(), gradient_clip_val)` after unscaling, before the step",
        "`Trainer(gradient_clip_val=...)`",
    ),
    "val_fraction": (
        "a validation loader, and after each epoch: `model.eval()`, `torch.no_grad()`, the metrics updated, computed, reset, `model.train()`",
        "`validation_step` + `val_dataloader()`; the Trainer runs the loop, `eval()` and no-grad",
    ),
    "early_stopping_patience": (
        "the best val_loss and a count of epochs without improvement, kept and checked by hand, then `break`",
        '`EarlyStopping("val_loss", patience=...)`',
    ),
    "log_dir": (
        "a CSV file opened, written and closed by hand",
        "`Trainer(logger=CSVLogger(log_dir))`",
    ),
    "checkpoint_dir": (
        "`torch.save` of model, optimizer, scaler, random state, epoch, early-stopping state, to a temporary file then renamed",
        "`ModelCheckpoint(checkpoint_dir)`, which also writes to a temporary file first, + a callback for the random state",
    ),
    "resume": (
        "`load_to_resume(...)`, which loads with weights_only=True, then every piece put back by hand (`model.load_state_dict(...)`, ...), and the loop restarted at the next epoch",
        "`trainer.fit(..., ckpt_path=..., weights_only=True)`",
    ),
    "progress_bar": (
        '`tqdm(total=len(train_loader), ...)`, reset and described (`set_description(f"Epoch {epoch}")`) each epoch, updated each batch with the loss, closed at the end',
        '`Trainer(enable_progress_bar=True)` + `self.log("train_loss", loss, prog_bar=True)`',
    ),
    "log_every_n_steps": (
        "`if (global_step + 1) % log_every_n_steps == 0: ... log.info(...)`",
        '`Trainer(log_every_n_steps=...)` + `self.log("train_loss", loss)`',
    ),
}
DATA_FIELDS = ("dataset", "n_samples", "n_features", "noise", "data_seed")
# not a field: the command line that carries them all (tests/test_lightning_cli.py proves the right side)
COMMAND_LINE = (
    "| every field (`--help`, `python -m vanilla`, `python -m lightning_version`) | `argparse` written by hand from "
    "the fields and their help texts (`common/cli/flags.py`), a check per field (`task/config.py`) | "
    "`LightningCLI(LitRegressor, CourseData)` (`lightning_version/cli.py`) makes `--model.lr`, "
    "`--data.batch_size`, `--trainer.max_epochs`, `--help` and `--print_config` from the classes' signatures, "
    "and reads a YAML file: `python -m lightning_version.cli fit --config configs/course.yaml` |"
)


def markdown():
    """The table as Markdown, for the README and the notebooks: a row per field, grouped as --help groups them."""
    lines = ["| config field (flag) | the vanilla loop hand-writes | Lightning |", "|---|---|---|"]
    for title, names in GROUPS.items():
        lines.append(f"| **{title}** | | |")
        if title == "data":
            data = ", ".join(f"`{name}`" for name in DATA_FIELDS)
            lines.append(
                f"| {data} | `make_data(config)`: the data recipe (`task/recipe.py`) | the same function, "
                "imported from `task/` |"
            )
        for name in names:
            if name in ROWS:
                vanilla, lightning = ROWS[name]
                lines.append(f"| `{name}` (`{flag(name)}`) | {vanilla} | {lightning} |")
    lines += ["| **the command line** | | |", COMMAND_LINE]
    return "\n".join(lines)
