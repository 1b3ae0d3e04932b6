#| kind: right
#| what: a beginner's verbose version: loss through an nn.MSELoss object, the five steps written as comments, an assert on the loss shape, the optimizer built with keyword arguments
# Exercise 3a: fill in training_step (return the batch's loss) and configure_optimizers (SGD, lr=self.hparams.lr).
class LitRegressor(L.LightningModule):
    def __init__(self, n_features: int, lr: float):
        super().__init__()
        self.save_hyperparameters()
        self.model = Regressor(n_features)

    def forward(self, x):
        return self.model(x)

    def training_step(self, batch, batch_idx):
        # step 1: forward
        inputs, targets = batch
        predictions = self.forward(inputs)
        # step 2: loss (mean squared error, the same as in the vanilla loop)
        loss_fn = torch.nn.MSELoss()
        loss = loss_fn(predictions, targets)
        assert loss.dim() == 0, "the loss should be one number"
        # steps 3, 4, 5 (zero_grad, backward, step) are done by the Trainer,
        # so I must NOT call loss.backward() or .item() here, and no .cuda() either
        return loss

    def configure_optimizers(self):
        learning_rate = self.hparams.lr
        sgd = torch.optim.SGD(params=self.parameters(), lr=learning_rate)
        return sgd


check_lit_module(LitRegressor)
