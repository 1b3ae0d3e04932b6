#| kind: wrong
#| what: logs with on_step=True, on_epoch=False: nothing is computed at the end of the test, so trainer.test does not return test_loss and test_r2 over all rows
#| expect: test_step logs test_loss and test_r2, but trainer.test returns []
# Exercise 5b.2: write test_step and predict_step so that trainer.test and trainer.predict work.
class InferenceRegressor(LitRegressor):
    def __init__(self, n_features: int = 10, lr: float = 0.01):
        super().__init__(n_features, lr)
        self.test_metrics = MetricCollection({"test_loss": MeanSquaredError(), "test_r2": R2Score()})

    def test_step(self, batch, batch_idx):
        x, y = batch
        self.test_metrics.update(self.model(x), y)
        self.log_dict(self.test_metrics, on_step=True, on_epoch=False)

    def predict_step(self, batch, batch_idx):
        (x,) = batch
        return self.model(x)


check_inference_steps(InferenceRegressor)
