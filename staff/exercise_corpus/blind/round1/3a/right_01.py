#| kind: right
#| what: the model called directly (self.model), the loss named and returned, SGD over self.model.parameters() with hparams['lr']
# Exercise 3a: fill in training_step (return the batch's loss) and configure_optimizers (SGD, lr=self.hparams.lr).
class LitRegressor(L.LightningModule):
    def __init__(self, n_features: int, lr: float):
        super().__init__()
        self.save_hyperparameters()
        self.model = Regressor(n_features)

    def forward(self, x):
        return self.model(x)

    def training_step(self, batch, batch_idx):
        inputs, targets = batch  # the Trainer already put them on the module's device
        predictions = self.model(inputs)  # step 1: forward
        batch_loss = F.mse_loss(predictions, targets)  # step 2: loss
        return batch_loss  # steps 3-5 are the Trainer's job

    def configure_optimizers(self):
        # the only parameters are the Regressor's, so self.model.parameters() is the same list as self.parameters()
        return torch.optim.SGD(self.model.parameters(), lr=self.hparams["lr"])


check_lit_module(LitRegressor)
