#| kind: wrong
#| what: running totals kept on the module and never reset between validations: val_loss is right on the first validation, then mixes in the old weights' losses on the second
#| expect: The first validation's val_loss was right, but the second's is
# Exercise 3b: write validation_step: the batch's loss, logged as "val_loss".
class LitRegressorWithValidation(LitRegressor):
    def __init__(self, n_features: int, lr: float):
        super().__init__(n_features, lr)
        self.val_sq_err = 0.0  # sum of squared errors over the validation rows
        self.val_rows = 0

    def validation_step(self, batch, batch_idx):
        x, y = batch
        self.val_sq_err += F.mse_loss(self(x), y, reduction="sum")
        self.val_rows += len(x)

    def on_validation_epoch_end(self):
        self.log("val_loss", self.val_sq_err / self.val_rows)  # exact mean over the rows, whatever the batch sizes


check_validation_step(LitRegressorWithValidation)
