#| kind: right
#| what: unpacks the batch, logs F.mse_loss of self(x) under val_loss with Lightning's epoch-mean defaults
# Exercise 3b: write validation_step: the batch's loss, logged as "val_loss".
class LitRegressorWithValidation(LitRegressor):
    def validation_step(self, batch, batch_idx):
        x, y = batch  # eval mode and no_grad are already set by the Trainer
        val_loss = F.mse_loss(self(x), y)
        self.log("val_loss", val_loss)


check_validation_step(LitRegressorWithValidation)
