#| kind: wrong
#| what: predict_step unpacks x, y = batch, but predict batches are (x,) only
#| expect: predict_step unpacks two values from its batch, but at prediction
# Exercise 5b.2: write test_step and predict_step so that trainer.test and trainer.predict work.
class InferenceRegressor(LitRegressor):
    def __init__(self, n_features: int = 10, lr: float = 0.01):
        super().__init__(n_features, lr)
        self.test_metrics = MetricCollection({"test_loss": MeanSquaredError(), "test_r2": R2Score()})

    def test_step(self, batch, batch_idx):
        x, y = batch
        self.test_metrics.update(self.model(x), y)
        self.log_dict(self.test_metrics)

    def predict_step(self, batch, batch_idx):
        x, y = batch
        return self.model(x)


check_inference_steps(InferenceRegressor)
