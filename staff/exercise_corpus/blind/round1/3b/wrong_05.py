#| kind: wrong
#| what: sums kept on self across calls and never reset: val_loss is right on the first validation, wrong on the second (it mixes in the old weights' errors)
#| expect: The first validation's val_loss was right
# Exercise 3b: write validation_step: the batch's loss, logged as "val_loss".
class LitRegressorWithValidation(LitRegressor):
    def validation_step(self, batch, batch_idx):
        x, y = batch
        squared_error = F.mse_loss(self(x), y, reduction="sum")
        self.total = getattr(self, "total", 0.0) + squared_error
        self.rows = getattr(self, "rows", 0) + len(y)

    def on_validation_epoch_end(self):
        self.log("val_loss", self.total / self.rows)  # the mean over every row seen


check_validation_step(LitRegressorWithValidation)
