#| kind: wrong
#| what: the Lightning 2 docs' epoch-end pattern, but val_loss is the mean of the per-batch means: wrong whenever the last batch is smaller than the others
#| expect: val_loss is 7.3911, the plain mean of the batches' losses, but the
# Exercise 3b: write validation_step: the batch's loss, logged as "val_loss".
class LitRegressorWithValidation(LitRegressor):
    def on_validation_epoch_start(self):
        self.validation_step_outputs = []

    def validation_step(self, batch, batch_idx):
        x, y = batch
        loss = F.mse_loss(self(x), y)
        self.validation_step_outputs.append(loss)
        return loss

    def on_validation_epoch_end(self):
        epoch_mean = torch.stack(self.validation_step_outputs).mean()
        self.log("val_loss", epoch_mean)
        self.validation_step_outputs.clear()  # free memory


check_validation_step(LitRegressorWithValidation)
