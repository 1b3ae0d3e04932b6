#| kind: wrong
#| what: on_step=True, on_epoch=False: only per-batch values are logged, no mean of val_loss over the validation set
#| expect: logs val_loss with on_epoch=False
# Exercise 3b: write validation_step: the batch's loss, logged as "val_loss".
class LitRegressorWithValidation(LitRegressor):
    def validation_step(self, batch, batch_idx):
        x, y = batch
        loss = F.mse_loss(self(x), y)
        self.log("val_loss", loss, on_step=True, on_epoch=False)


check_validation_step(LitRegressorWithValidation)
