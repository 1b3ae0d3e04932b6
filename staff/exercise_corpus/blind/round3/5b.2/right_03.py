#| kind: right
#| what: torchmetrics docs style: calls the collection (forward, which also accumulates) and logs the collection object; predict_step is self.model(*batch)
# Exercise 5b.2: write test_step and predict_step so that trainer.test and trainer.predict work.
class InferenceRegressor(LitRegressor):
    def __init__(self, n_features: int = 10, lr: float = 0.01):
        super().__init__(n_features, lr)
        self.test_metrics = MetricCollection({"test_loss": MeanSquaredError(), "test_r2": R2Score()})

    def test_step(self, batch, batch_idx):
        x, y = batch
        y_hat = self.model(x)
        batch_values = self.test_metrics(y_hat, y)  # this batch's values; the totals keep accumulating too
        self.log_dict(self.test_metrics)  # the objects, not batch_values: computed over all rows at the end

    def predict_step(self, batch, batch_idx):
        return self.model(*batch)  # batch is (x,)


check_inference_steps(InferenceRegressor)
