#| kind: wrong
#| what: batch_size taken from the loader's nominal batch size, not the batch: a short last batch is weighted as a full one, right only when the set divides evenly
#| expect: val_loss is 7.3911, not the mean over every row, 7.5273
# Exercise 3b: write validation_step: the batch's loss, logged as "val_loss".
class LitRegressorWithValidation(LitRegressor):
    def validation_step(self, batch, batch_idx):
        x, y = batch
        loss = F.mse_loss(self(x), y)
        batch_size = self.trainer.val_dataloaders.batch_size  # tell Lightning how to weight the mean
        self.log("val_loss", loss, batch_size=batch_size)


check_validation_step(LitRegressorWithValidation)
