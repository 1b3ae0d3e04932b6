#| kind: right
#| what: explicit on_step=False, on_epoch=True, batch_size=len(y) and prog_bar=True, and returns the loss too
# Exercise 3b: write validation_step: the batch's loss, logged as "val_loss".
class LitRegressorWithValidation(LitRegressor):
    def validation_step(self, batch, batch_idx):
        inputs, targets = batch
        loss = F.mse_loss(self.forward(inputs), targets)
        self.log("val_loss", loss, on_step=False, on_epoch=True, prog_bar=True, batch_size=len(targets))
        return loss  # returning it is allowed; the logged value is what counts


check_validation_step(LitRegressorWithValidation)
