#| kind: wrong
#| what: turns gradients back on inside validation_step (torch.enable_grad), undoing what the Trainer set
#| expect: switched gradients back on
# Exercise 3b: write validation_step: the batch's loss, logged as "val_loss".
class LitRegressorWithValidation(LitRegressor):
    def validation_step(self, batch, batch_idx):
        x, y = batch
        with torch.enable_grad():
            loss = F.mse_loss(self(x), y)
        self.log("val_loss", loss)


check_validation_step(LitRegressorWithValidation)
