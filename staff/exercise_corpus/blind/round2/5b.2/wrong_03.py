#| kind: wrong
#| what: a new MetricCollection made in every test_step instead of using self.test_metrics: each sees one batch only, and Lightning cannot log a metric that is not an attribute of the module
#| expect: test_step logs a torchmetrics metric that the module does not hold
# Exercise 5b.2: write test_step and predict_step so that trainer.test and trainer.predict work.
class InferenceRegressor(LitRegressor):
    def __init__(self, n_features: int = 10, lr: float = 0.01):
        super().__init__(n_features, lr)
        self.test_metrics = MetricCollection({"test_loss": MeanSquaredError(), "test_r2": R2Score()})

    def test_step(self, batch, batch_idx):
        x, y = batch
        metrics = MetricCollection({"test_loss": MeanSquaredError(), "test_r2": R2Score()})
        metrics.update(self.model(x), y)
        self.log_dict(metrics)

    def predict_step(self, batch, batch_idx):
        (x,) = batch
        return self.model(x)


check_inference_steps(InferenceRegressor)
