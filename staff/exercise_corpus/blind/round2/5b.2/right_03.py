#| kind: right
#| what: a beginner's version: keyword arguments to update(preds=..., target=...), an assert on the batch sizes, a small helper for the inputs, no_grad in predict_step
# Exercise 5b.2: write test_step and predict_step so that trainer.test and trainer.predict work.
class InferenceRegressor(LitRegressor):
    def __init__(self, n_features: int = 10, lr: float = 0.01):
        super().__init__(n_features, lr)
        self.test_metrics = MetricCollection({"test_loss": MeanSquaredError(), "test_r2": R2Score()})

    def test_step(self, batch, batch_idx):
        x, y = batch
        assert len(x) == len(y), "inputs and targets must have the same number of rows"
        predictions = self.model(x)
        # add this batch to the running sums; don't compute here, the last batch may be shorter
        self.test_metrics.update(preds=predictions, target=y)
        # give Lightning the metrics themselves: it calls compute() once at the end of the test, and reset()
        self.log_dict(self.test_metrics)

    def predict_step(self, batch, batch_idx):
        def inputs_of(batch):
            # the prediction loader gives (x,) tuples/lists; take x out of it
            return batch[0] if isinstance(batch, (list, tuple)) else batch

        with torch.no_grad():  # no training here, so no graph needed (the Trainer also does this)
            return self.model(inputs_of(batch))


check_inference_steps(InferenceRegressor)
