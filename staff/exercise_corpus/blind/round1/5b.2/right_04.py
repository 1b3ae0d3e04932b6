#| kind: right
#| what: logs each metric object of the collection with self.log in a loop; predict asserts the batch holds inputs only
# Exercise 5b.2: write test_step and predict_step so that trainer.test and trainer.predict work.
class InferenceRegressor(LitRegressor):
    def __init__(self, n_features: int = 10, lr: float = 0.01):
        super().__init__(n_features, lr)
        self.test_metrics = MetricCollection({"test_loss": MeanSquaredError(), "test_r2": R2Score()})

    def test_step(self, batch, batch_idx):
        x, y = batch
        predictions = self.model(x)
        self.test_metrics.update(preds=predictions, target=y)
        for name, metric in self.test_metrics.items():
            self.log(name, metric)  # a Metric object: computed once over the whole test

    def predict_step(self, batch, batch_idx):
        assert len(batch) == 1, "predict batches hold inputs only"
        return self.model.forward(batch[0])


check_inference_steps(InferenceRegressor)
