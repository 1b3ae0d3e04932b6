#| kind: right
#| what: a _shared helper for the forward pass, log_dict with prog_bar=True; predict returns detached outputs (the Trainer runs it under inference_mode anyway)
# Exercise 5b.2: write test_step and predict_step so that trainer.test and trainer.predict work.
class InferenceRegressor(LitRegressor):
    def __init__(self, n_features: int = 10, lr: float = 0.01):
        super().__init__(n_features, lr)
        self.test_metrics = MetricCollection({"test_loss": MeanSquaredError(), "test_r2": R2Score()})

    def _forward(self, x):
        return self.model(x)

    def test_step(self, batch, batch_idx):
        x, y = batch
        self.test_metrics.update(self._forward(x), y)
        self.log_dict(self.test_metrics, prog_bar=True)

    def predict_step(self, batch, batch_idx):
        (x,) = batch
        return self._forward(x).detach()


check_inference_steps(InferenceRegressor)
