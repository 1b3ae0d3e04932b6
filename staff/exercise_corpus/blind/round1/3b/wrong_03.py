#| kind: wrong
#| what: on_step=True (with the default on_epoch=True): Lightning splits the key into val_loss_step and val_loss_epoch, so no val_loss
#| expect: A logger receives val_loss as val_loss_epoch and val_loss_step
# Exercise 3b: write validation_step: the batch's loss, logged as "val_loss".
class LitRegressorWithValidation(LitRegressor):
    def validation_step(self, batch, batch_idx):
        x, y = batch
        loss = F.mse_loss(self(x), y)
        self.log("val_loss", loss, on_step=True)


check_validation_step(LitRegressorWithValidation)
