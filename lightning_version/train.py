"""The Lightning version: the five math steps in a LightningModule, the engineering in the Trainer."""
import lightning as L
import torch
import torch.nn.functional as F
from lightning.pytorch.loggers import CSVLogger

from lightning_version.data import RegressionData
from vanilla.config import TrainConfig
from vanilla.model import Regressor
from vanilla.result import TrainResult

class LitRegressor(L.LightningModule):
    """What is the model: the Regressor, its loss and its optimizer; no loop, no device."""

    def __init__(self, config):
        super().__init__()
        self.config = config
        self.model = Regressor(config.n_features)
        self.step_losses = []

    def forward(self, x):
        return self.model(x)

    def training_step(self, batch, batch_idx):
        x, y = batch  # no .to(device): the Trainer moved the batch
        y_hat = self(x)  # step 1: forward
        loss = F.mse_loss(y_hat, y)  # step 2: loss
        self.step_losses.append(loss.detach())
        self.log("train_loss", loss)  # instead of log.info every log_every_n_steps
        return loss  # step 3-5: zero grad, backward, step: done by the Trainer

    def configure_optimizers(self):
        return torch.optim.SGD(self.parameters(), lr=self.config.lr)


def train(config=TrainConfig()):
    L.seed_everything(config.seed, verbose=False)  # instead of torch.manual_seed
    model = LitRegressor(config)
    trainer = L.Trainer(
        max_epochs=config.epochs,
        accelerator=config.accelerator,  # device: instead of choosing it and every .to(device)
        devices=1,  # one device; lesson 6 uses more
        precision=config.precision,  # precision: instead of autocast and a GradScaler
        accumulate_grad_batches=config.accumulate_grad_batches,  # accumulation: instead of windows by hand
        gradient_clip_val=config.gradient_clip_val,  # clipping: instead of clip_grad_norm_
        log_every_n_steps=config.log_every_n_steps,
        logger=CSVLogger(save_dir="."),  # writes lightning_logs/version_N/metrics.csv
        num_sanity_val_steps=0,
        enable_checkpointing=False,
        enable_progress_bar=False,
        enable_model_summary=False,
    )
    trainer.fit(model, datamodule=RegressionData(config))

    return TrainResult(
        step_losses=torch.stack(model.step_losses).cpu(),
        weight=model.model.linear.weight.detach().cpu(),
        bias=model.model.linear.bias.detach().cpu(),
        epochs=config.epochs,
    )
