#| kind: wrong
#| what: arguments swapped: update(y, y_hat) gives the same MSE but the wrong R², which is not symmetric
#| expect: test_r2 is -1.7528, R² with the predictions and the targets swapped
# Exercise 5b.2: write test_step and predict_step so that trainer.test and trainer.predict work.
class InferenceRegressor(LitRegressor):
    def __init__(self, n_features: int = 10, lr: float = 0.01):
        super().__init__(n_features, lr)
        self.test_metrics = MetricCollection({"test_loss": MeanSquaredError(), "test_r2": R2Score()})

    def test_step(self, batch, batch_idx):
        x, y = batch
        self.test_metrics.update(y, self.model(x))
        self.log_dict(self.test_metrics)

    def predict_step(self, batch, batch_idx):
        (x,) = batch
        return self.model(x)


check_inference_steps(InferenceRegressor)
