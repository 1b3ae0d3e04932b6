#| kind: right
#| what: the shortest form: unpack, F.mse_loss through self.model, self.log("val_loss", ...) with Lightning's defaults (mean over the epoch, weighted by batch size)
# Exercise 3b: write validation_step: the batch's loss, logged as "val_loss".
class LitRegressorWithValidation(LitRegressor):
    def validation_step(self, batch, batch_idx):
        x, y = batch
        self.log("val_loss", F.mse_loss(self.model(x), y))


check_validation_step(LitRegressorWithValidation)
