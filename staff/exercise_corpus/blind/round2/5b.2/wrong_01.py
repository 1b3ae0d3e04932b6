#| kind: wrong
#| what: logs the dict of this batch's values that calling the collection returns: Lightning averages per-batch MSE and R² instead of computing them over all rows
#| expect: test_step logs test_r2 as a number in every step (each batch's own
# Exercise 5b.2: write test_step and predict_step so that trainer.test and trainer.predict work.
class InferenceRegressor(LitRegressor):
    def __init__(self, n_features: int = 10, lr: float = 0.01):
        super().__init__(n_features, lr)
        self.test_metrics = MetricCollection({"test_loss": MeanSquaredError(), "test_r2": R2Score()})

    def test_step(self, batch, batch_idx):
        x, y = batch
        batch_metrics = self.test_metrics(self.model(x), y)
        self.log_dict(batch_metrics)

    def predict_step(self, batch, batch_idx):
        (x,) = batch
        return self.model(x)


check_inference_steps(InferenceRegressor)
