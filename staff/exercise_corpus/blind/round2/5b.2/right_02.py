#| kind: right
#| what: update() then one self.log per metric object of the collection (by name); predict_step indexes batch[0]
# Exercise 5b.2: write test_step and predict_step so that trainer.test and trainer.predict work.
class InferenceRegressor(LitRegressor):
    def __init__(self, n_features: int = 10, lr: float = 0.01):
        super().__init__(n_features, lr)
        self.test_metrics = MetricCollection({"test_loss": MeanSquaredError(), "test_r2": R2Score()})

    def test_step(self, batch, batch_idx):
        inputs, targets = batch
        self.test_metrics.update(self.model(inputs), targets)
        for name in ("test_r2", "test_loss"):
            self.log(name, self.test_metrics[name])  # a Metric object: Lightning computes it once per test, over every row

    def predict_step(self, batch, batch_idx):
        return self.model(batch[0])  # the batch is (x,): no targets at prediction time


check_inference_steps(InferenceRegressor)
