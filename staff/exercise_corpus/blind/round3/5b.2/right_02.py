#| kind: right
#| what: update in test_step, compute, log and reset by hand in on_test_epoch_end; predict unpacks with (x,) = batch
# Exercise 5b.2: write test_step and predict_step so that trainer.test and trainer.predict work.
class InferenceRegressor(LitRegressor):
    def __init__(self, n_features: int = 10, lr: float = 0.01):
        super().__init__(n_features, lr)
        self.test_metrics = MetricCollection({"test_loss": MeanSquaredError(), "test_r2": R2Score()})

    def test_step(self, batch, batch_idx):
        x, y = batch
        preds = self.model(x)
        self.test_metrics.update(preds, y)

    def on_test_epoch_end(self):
        # one value over all the rows of this test, then empty the metrics for the next trainer.test
        self.log_dict(self.test_metrics.compute())
        self.test_metrics.reset()

    def predict_step(self, batch, batch_idx):
        (x,) = batch
        return self.model(x)


check_inference_steps(InferenceRegressor)
