#| kind: right
#| what: calls the collection (forward: updates it) and logs the collection object with explicit on_step=False, on_epoch=True; predict takes batch[0]
# Exercise 5b.2: write test_step and predict_step so that trainer.test and trainer.predict work.
class InferenceRegressor(LitRegressor):
    def __init__(self, n_features: int = 10, lr: float = 0.01):
        super().__init__(n_features, lr)
        self.test_metrics = MetricCollection({"test_loss": MeanSquaredError(), "test_r2": R2Score()})

    def test_step(self, batch, batch_idx):
        inputs, targets = batch
        self.test_metrics(self.model(inputs), targets)  # forward updates the running state too
        self.log_dict(self.test_metrics, on_step=False, on_epoch=True)

    def predict_step(self, batch, batch_idx):
        inputs = batch[0]
        return self.model(inputs)


check_inference_steps(InferenceRegressor)
