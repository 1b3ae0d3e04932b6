#| kind: right
#| what: Lightning-docs style: on_step=False, on_epoch=True, prog_bar=True and batch_size=len(x) spelled out, and the loss returned as well
# Exercise 3b: write validation_step: the batch's loss, logged as "val_loss".
class LitRegressorWithValidation(LitRegressor):
    def validation_step(self, batch, batch_idx):
        x, y = batch
        y_hat = self(x)  # no eval() / no_grad() here: the Trainer already did both
        val_loss = F.mse_loss(y_hat, y)
        self.log("val_loss", val_loss, on_step=False, on_epoch=True, prog_bar=True, batch_size=len(x))
        return val_loss


check_validation_step(LitRegressorWithValidation)
