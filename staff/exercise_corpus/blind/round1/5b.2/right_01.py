#| kind: right
#| what: updates the MetricCollection per batch and logs the collection with log_dict; predict unpacks (x,) and returns the outputs
# Exercise 5b.2: write test_step and predict_step so that trainer.test and trainer.predict work.
class InferenceRegressor(LitRegressor):
    def __init__(self, n_features: int = 10, lr: float = 0.01):
        super().__init__(n_features, lr)
        self.test_metrics = MetricCollection({"test_loss": MeanSquaredError(), "test_r2": R2Score()})

    def test_step(self, batch, batch_idx):
        x, y = batch
        y_hat = self.model(x)
        self.test_metrics.update(y_hat, y)
        self.log_dict(self.test_metrics)  # Lightning computes over all batches at the end, then resets

    def predict_step(self, batch, batch_idx):
        (x,) = batch  # no targets at prediction time
        return self.model(x)


check_inference_steps(InferenceRegressor)
