#| kind: right
#| what: a torchmetrics MeanSquaredError made in an added __init__, updated per batch and logged as the metric object (computed and reset by Lightning each validation)
# Exercise 3b: write validation_step: the batch's loss, logged as "val_loss".
class LitRegressorWithValidation(LitRegressor):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from torchmetrics import MeanSquaredError
        self.val_mse = MeanSquaredError()

    def validation_step(self, batch, batch_idx):
        x, y = batch
        self.val_mse(self.model(x), y)  # accumulates squared errors over the whole validation set
        self.log("val_loss", self.val_mse, on_step=False, on_epoch=True)


check_validation_step(LitRegressorWithValidation)
