#| kind: right
#| what: update in test_step, then compute(), log and reset() by hand in an extra hook, on_test_epoch_end
# Exercise 5b.2: write test_step and predict_step so that trainer.test and trainer.predict work.
class InferenceRegressor(LitRegressor):
    def __init__(self, n_features: int = 10, lr: float = 0.01):
        super().__init__(n_features, lr)
        self.test_metrics = MetricCollection({"test_loss": MeanSquaredError(), "test_r2": R2Score()})

    def test_step(self, batch, batch_idx):
        x, y = batch
        self.test_metrics.update(self.model(x), y)

    def on_test_epoch_end(self):
        # the metrics over every row of this test, then a clean slate for the next trainer.test
        self.log_dict(self.test_metrics.compute())
        self.test_metrics.reset()

    def predict_step(self, batch, batch_idx):
        x, = batch
        return self.model(x)


check_inference_steps(InferenceRegressor)
