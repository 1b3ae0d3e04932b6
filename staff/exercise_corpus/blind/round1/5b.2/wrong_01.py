#| kind: wrong
#| what: per-batch MSE and R² from the functional API, logged as plain tensors: Lightning only averages them over batches (weighted by batch size), which gives the MSE but not R², which is no mean of per-batch values
#| expect: each batch's own R²
# Exercise 5b.2: write test_step and predict_step so that trainer.test and trainer.predict work.
class InferenceRegressor(LitRegressor):
    def __init__(self, n_features: int = 10, lr: float = 0.01):
        super().__init__(n_features, lr)
        self.test_metrics = MetricCollection({"test_loss": MeanSquaredError(), "test_r2": R2Score()})

    def test_step(self, batch, batch_idx):
        import torch.nn.functional as F
        from torchmetrics.functional import r2_score

        x, y = batch
        y_hat = self.model(x)
        self.log("test_loss", F.mse_loss(y_hat, y))
        self.log("test_r2", r2_score(y_hat, y))

    def predict_step(self, batch, batch_idx):
        (x,) = batch
        return self.model(x)


check_inference_steps(InferenceRegressor)
