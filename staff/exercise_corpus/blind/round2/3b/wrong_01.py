#| kind: wrong
#| what: logged with on_step=True, on_epoch=False: no mean over the validation set is made; the logger gets each batch's loss (the last one wins) and callback_metrics gets no val_loss at all
#| expect: validation_step logs val_loss with on_epoch=False
# Exercise 3b: write validation_step: the batch's loss, logged as "val_loss".
class LitRegressorWithValidation(LitRegressor):
    def validation_step(self, batch, batch_idx):
        x, y = batch
        loss = F.mse_loss(self(x), y)
        self.log("val_loss", loss, on_step=True, on_epoch=False)


check_validation_step(LitRegressorWithValidation)
