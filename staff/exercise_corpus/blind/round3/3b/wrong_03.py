#| kind: wrong
#| what: state kept between calls: a running sum of squared errors and a count, started once and never reset, so the second validation's val_loss still mixes in the first validation's batches
#| expect: The first validation's val_loss was right, but the second's is
# Exercise 3b: write validation_step: the batch's loss, logged as "val_loss".
class LitRegressorWithValidation(LitRegressor):
    def validation_step(self, batch, batch_idx):
        x, y = batch
        if not hasattr(self, "_sse"):  # the exact mean over the set, not a mean of batch means
            self._sse, self._count = 0.0, 0
        self._sse += F.mse_loss(self(x), y, reduction="sum").item()
        self._count += y.numel()

    def on_validation_epoch_end(self):
        self.log("val_loss", self._sse / self._count)


check_validation_step(LitRegressorWithValidation)
