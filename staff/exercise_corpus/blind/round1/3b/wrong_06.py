#| kind: wrong
#| what: batch_size=1 passed to self.log: the epoch value is the plain mean of batch losses, wrong when the last batch is smaller
#| expect: self.log got batch_size=1
# Exercise 3b: write validation_step: the batch's loss, logged as "val_loss".
class LitRegressorWithValidation(LitRegressor):
    def validation_step(self, batch, batch_idx):
        x, y = batch
        loss = F.mse_loss(self(x), y)
        self.log("val_loss", loss, batch_size=1)


check_validation_step(LitRegressorWithValidation)
