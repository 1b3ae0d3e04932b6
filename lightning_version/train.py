"""lightning_version/minimal.py with every feature: each feature's Trainer argument, callback or
hook added to the minimal pair's LightningModule and Trainer.

lightning_version/features/NAME.py is minimal.py plus one of them.
"""

from pathlib import Path

import lightning as L
import torch
import torch.nn.functional as F
from lightning.pytorch.callbacks import EarlyStopping, ModelCheckpoint
from lightning.pytorch.loggers import CSVLogger
from lightning.pytorch.strategies import DDPStrategy
from torchmetrics import MeanSquaredError, MetricCollection, R2Score

from common.checkpoints import checkpoint_to_resume, load_to_resume
from common.checks import check_fork, rendezvous_timeout
from common.result import TrainResult
from lightning_version.callbacks import History, StopOnNaN
from lightning_version.checkpoint import RandomState, SameFolderCheckpointIO
from lightning_version.data import RegressionData
from task.config import TrainConfig
from task.model import Regressor


def train(config=TrainConfig()):
    L.seed_everything(config.seed, verbose=False)  # instead of torch.manual_seed
    data = RegressionData(config)  # instead of make_loaders: the Trainer asks it for the loaders
    model = LitRegressor(config.n_features, config.lr, config.lr_decay)

    strategy = config.strategy
    # a minute for the other processes to meet, not torch's 30 (common.checks)
    if strategy == "ddp":
        strategy = DDPStrategy(timeout=rendezvous_timeout())
    history = History()  # instead of losses and validations: a callback records them
    callbacks = [history, StopOnNaN()]  # StopOnNaN: instead of check_finite in the loop
    if config.early_stopping_patience:  # instead of best and bad_epochs
        callbacks.append(EarlyStopping("val_loss", patience=config.early_stopping_patience))
    callbacks.append(RandomState())  # instead of "rng" by hand: checkpoints leave it out
    if config.checkpoint_dir:  # instead of save_checkpoint after every epoch
        callbacks.append(ModelCheckpoint(config.checkpoint_dir, filename="{epoch}", save_top_k=-1))
    trainer = L.Trainer(  # instead of the loops and the device
        accelerator=config.accelerator,  # instead of choosing the device
        devices=config.devices,  # instead of torchrun, a process group, DistributedDataParallel
        num_nodes=config.num_nodes,
        strategy=strategy,
        use_distributed_sampler=False,  # RegressionData brings one that shuffles only if asked
        precision=config.precision,  # instead of autocast and a GradScaler
        callbacks=callbacks,
        logger=CSVLogger(config.log_dir, name="") if config.log_dir else False,  # version_N/
        enable_progress_bar=config.progress_bar,  # instead of tqdm by hand
        enable_model_summary=False,
        max_epochs=config.epochs,
        accumulate_grad_batches=config.accumulate_grad_batches,  # instead of windows by hand
        gradient_clip_val=config.gradient_clip_val,  # instead of clip_grad_norm_
        log_every_n_steps=config.log_every_n_steps,  # instead of (global_step + 1) % n
        limit_val_batches=None if config.val_fraction else 0,  # no validation without held-out rows
        num_sanity_val_steps=0,  # the loop validates after each epoch only, not before
        enable_checkpointing=bool(config.checkpoint_dir),
        plugins=[SameFolderCheckpointIO()],  # instead of a temporary file in TMPDIR
    )
    start_epoch = 0
    resume_from = checkpoint_to_resume(config)
    if resume_from:  # a damaged file, changed flags: one clear line here, not a traceback from fit
        state = load_to_resume(resume_from, config, "python -m lightning_version")
        start_epoch = state["epoch"] + 1
    check_fork(config)  # Lightning does not check it
    trainer.fit(model, datamodule=data, ckpt_path=resume_from, weights_only=True)
    if not trainer.is_global_zero:  # rank 0 reports
        return None
    log_file = Path(trainer.logger.log_dir, "metrics.csv") if trainer.logger else ""
    return TrainResult.from_history(
        history.history,
        model.model.linear,
        batches_per_epoch=trainer.num_training_batches,
        resumed_epochs=start_epoch,
        log_file=log_file,
    )


class LitRegressor(L.LightningModule):
    def __init__(self, n_features: int = 10, lr: float = 0.01, lr_decay: float = 1.0):
        super().__init__()
        self.save_hyperparameters()
        self.model = Regressor(n_features)
        self.val_metrics = MetricCollection({"val_loss": MeanSquaredError(), "val_r2": R2Score()})

    def training_step(self, batch, batch_idx):
        x, y = batch  # no .to(device): the Trainer moved the batch
        y_hat = self.model(x)  # step 1: forward
        loss = F.mse_loss(y_hat, y)  # step 2: loss
        self.log("train_loss", loss, prog_bar=True)  # instead of log.info, write_csv, the bar
        return loss  # steps 3-5: zero grad, backward, step: done by the Trainer

    def validation_step(self, batch, batch_idx):
        x, y = batch  # instead of eval() and no_grad(): the Trainer has set both
        self.val_metrics.update(self.model(x), y)
        self.log_dict(self.val_metrics)  # instead of compute() and reset(): at the epoch's end

    def configure_optimizers(self):
        optimizer = torch.optim.SGD(self.parameters(), lr=self.hparams.lr)
        scheduler = torch.optim.lr_scheduler.ExponentialLR(optimizer, self.hparams.lr_decay)
        return {"optimizer": optimizer, "lr_scheduler": scheduler}  # stepped once an epoch
