#| kind: right
#| what: configure_optimizers written first, a helper method for steps 1-2, an assert on the loss shape, hparams read into a local
# Exercise 3a: fill in training_step (return the batch's loss) and configure_optimizers (SGD, lr=self.hparams.lr).
class LitRegressor(L.LightningModule):
    def __init__(self, n_features: int, lr: float):
        super().__init__()
        self.save_hyperparameters()
        self.model = Regressor(n_features)

    def forward(self, x):
        return self.model(x)

    def configure_optimizers(self):
        learning_rate = self.hparams.lr
        print(f"SGD with lr={learning_rate}")  # extra print: harmless
        return torch.optim.SGD(self.parameters(), learning_rate)

    def _mse(self, batch):
        """Steps 1-2: forward and loss; no .to(device), no .cuda(): the Trainer moved the batch."""
        features, target = batch
        return F.mse_loss(self(features), target)

    def training_step(self, batch, batch_idx):
        loss = self._mse(batch)
        assert loss.dim() == 0, "the loss should be a single number"
        return loss


check_lit_module(LitRegressor)
