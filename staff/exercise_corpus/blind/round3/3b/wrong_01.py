#| kind: wrong
#| what: logs with on_step=True, on_epoch=False: val_loss ends as the last batch's loss, not the mean over the validation set
#| expect: validation_step logs val_loss with on_epoch=False
# Exercise 3b: write validation_step: the batch's loss, logged as "val_loss".
class LitRegressorWithValidation(LitRegressor):
    def validation_step(self, batch, batch_idx):
        x, y = batch
        loss = F.mse_loss(self(x), y)
        self.log("val_loss", loss, on_step=True, on_epoch=False, prog_bar=True)


check_validation_step(LitRegressorWithValidation)
