#| kind: right
#| what: over-engineered: a shared _step helper, an assert that the loss keeps its graph, a log with an explicit batch_size, an optimizer dict without lr_scheduler, a comment on .cuda()
# Exercise 3a: fill in training_step (return the batch's loss) and configure_optimizers (SGD, lr=self.hparams.lr).
class LitRegressor(L.LightningModule):
    def __init__(self, n_features: int, lr: float):
        super().__init__()
        self.save_hyperparameters()
        self.model = Regressor(n_features)

    def forward(self, x):
        return self.model(x)

    def _step(self, batch):
        """Steps 1-2 only. No .cuda() and no .to(device) here: the Trainer already put x and y where the model is."""
        x, y = batch
        y_hat = self.forward(x)
        return F.mse_loss(y_hat, y, reduction="mean"), len(x)

    def training_step(self, batch, batch_idx):
        loss, batch_size = self._step(batch)
        assert loss.requires_grad, "the Trainer needs the graph to call backward"
        self.log("train/loss", loss, batch_size=batch_size, on_step=True, on_epoch=True, logger=True)
        return loss

    def configure_optimizers(self):
        lr = self.hparams.lr
        optimizer = torch.optim.SGD(self.parameters(), lr=lr, momentum=0, dampening=0, weight_decay=0,
                                    nesterov=False)
        return {"optimizer": optimizer}


check_lit_module(LitRegressor)
