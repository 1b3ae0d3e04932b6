#| kind: wrong
#| what: training_step returns loss.detach(): the loss without its graph, so backward has nothing to reach the weights through
#| expect: training_step returns a tensor without a graph (no grad_fn), so
# Exercise 3a: fill in training_step (return the batch's loss) and configure_optimizers (SGD, lr=self.hparams.lr).
class LitRegressor(L.LightningModule):
    def __init__(self, n_features: int, lr: float):
        super().__init__()
        self.save_hyperparameters()
        self.model = Regressor(n_features)

    def forward(self, x):
        return self.model(x)

    def training_step(self, batch, batch_idx):
        x, y = batch
        loss = F.mse_loss(self(x), y)
        return loss.detach()  # detach so the returned value does not keep the graph alive

    def configure_optimizers(self):
        return torch.optim.SGD(self.parameters(), lr=self.hparams.lr)


check_lit_module(LitRegressor)
