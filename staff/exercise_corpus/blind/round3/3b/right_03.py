#| kind: right
#| what: over-engineered: a torchmetrics MeanSquaredError made in an __init__ that keeps the parent's signature, updated per batch and logged as the metric object (Lightning computes and resets it each epoch)
# Exercise 3b: write validation_step: the batch's loss, logged as "val_loss".
from torchmetrics import MeanSquaredError


class LitRegressorWithValidation(LitRegressor):
    def __init__(self, n_features: int, lr: float):
        super().__init__(n_features, lr)
        self.val_mse = MeanSquaredError()  # a sum of squared errors and a count: the exact mean over the set

    def validation_step(self, batch, batch_idx):
        inputs, targets = batch
        self.val_mse.update(self(inputs), targets)
        self.log("val_loss", self.val_mse, on_step=False, on_epoch=True)


check_validation_step(LitRegressorWithValidation)
