"""The Lightning version: the five math steps in a LightningModule, the engineering in the Trainer."""
import lightning as L
import torch
import torch.nn.functional as F
from lightning.pytorch.callbacks import EarlyStopping, ModelCheckpoint
from lightning.pytorch.loggers import CSVLogger
from torchmetrics import MeanSquaredError, MetricCollection, R2Score

from lightning_version.checkpoint import AtomicCheckpointIO, RandomState
from lightning_version.data import RegressionData
from vanilla.checkpoint import checkpoint_to_resume
from vanilla.config import TrainConfig
from vanilla.model import Regressor
from vanilla.result import HISTORY, TrainResult, stack


class LitRegressor(L.LightningModule):
    """What is the model: the Regressor, its loss, its metrics and its optimizer; no loop, no device."""

    def __init__(self, config):
        super().__init__()
        self.config = config
        self.model = Regressor(config.n_features)
        self.val_metrics = MetricCollection({"val_loss": MeanSquaredError(), "val_r2": R2Score()})
        self.history = {key: [] for key in HISTORY}

    def forward(self, x):
        return self.model(x)

    def training_step(self, batch, batch_idx):
        x, y = batch  # no .to(device): the Trainer moved the batch
        y_hat = self(x)  # step 1: forward
        loss = F.mse_loss(y_hat, y)  # step 2: loss
        self.history["step_losses"].append(loss.detach())
        self.log("train_loss", loss)  # logging: instead of log.info and a CSV row every log_every_n_steps
        return loss  # step 3-5: zero grad, backward, step: done by the Trainer

    def validation_step(self, batch, batch_idx):
        x, y = batch  # validation: the Trainer has set eval() and turned gradients off
        self.val_metrics.update(self(x), y)  # validation

    def configure_optimizers(self):
        return torch.optim.SGD(self.parameters(), lr=self.config.lr)

    def on_validation_epoch_end(self):
        values = self.val_metrics.compute()  # validation
        self.val_metrics.reset()  # validation
        self.log_dict(values)  # logging: val_loss and val_r2, once an epoch
        for key, value in values.items():  # validation
            self.history[key].append(value)  # validation

    def on_save_checkpoint(self, checkpoint):
        checkpoint["history"] = {key: stack(values) for key, values in self.history.items()}  # checkpoint

    def on_load_checkpoint(self, checkpoint):
        self.history = {key: list(values) for key, values in checkpoint["history"].items()}  # checkpoint


def train(config=TrainConfig()):
    L.seed_everything(config.seed, verbose=False)  # instead of torch.manual_seed
    model = LitRegressor(config)
    callbacks = [RandomState()]  # checkpoint: the random-number state Lightning does not save
    if config.early_stopping_patience:  # early stopping
        callbacks.append(EarlyStopping("val_loss", patience=config.early_stopping_patience))  # early stopping
    if config.checkpoint_dir:  # checkpoint
        callbacks.append(ModelCheckpoint(config.checkpoint_dir, filename="{epoch}", save_top_k=-1))  # checkpoint
    trainer = L.Trainer(
        max_epochs=config.epochs,
        accelerator=config.accelerator,  # device: instead of choosing it and every .to(device)
        devices=config.devices,  # ddp: instead of torchrun, a process group, DistributedDataParallel
        num_nodes=config.num_nodes,  # ddp
        strategy=config.strategy,  # ddp
        use_distributed_sampler=False,  # ddp: RegressionData brings its own, which shuffles only if asked to
        precision=config.precision,  # precision: instead of autocast and a GradScaler
        accumulate_grad_batches=config.accumulate_grad_batches,  # accumulation: instead of windows by hand
        gradient_clip_val=config.gradient_clip_val,  # clipping: instead of clip_grad_norm_
        limit_val_batches=1.0 if config.val_fraction else 0,  # validation: none without held-out rows
        log_every_n_steps=config.log_every_n_steps,
        logger=CSVLogger(config.log_dir, name="") if config.log_dir else False,  # logging: version_N/metrics.csv
        callbacks=callbacks,
        plugins=[AtomicCheckpointIO()],  # checkpoint: write then rename, load with weights_only=True
        enable_checkpointing=bool(config.checkpoint_dir),  # checkpoint
        num_sanity_val_steps=0,
        enable_progress_bar=False,
        enable_model_summary=False,
    )
    trainer.fit(model, datamodule=RegressionData(config), ckpt_path=checkpoint_to_resume(config))  # checkpoint

    if not trainer.is_global_zero:  # ddp: rank 0 reports
        return None
    return TrainResult.from_history(model.history, model.model.linear, batches_per_epoch=trainer.num_training_batches)
