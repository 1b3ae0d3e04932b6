#| kind: right
#| what: Lightning user: a forward() so self(x) works, log_dict of the MetricCollection with on_step=False, on_epoch=True; predict takes batch[0]
# Exercise 5b.2: write test_step and predict_step so that trainer.test and trainer.predict work.
class InferenceRegressor(LitRegressor):
    def __init__(self, n_features: int = 10, lr: float = 0.01):
        super().__init__(n_features, lr)
        self.test_metrics = MetricCollection({"test_loss": MeanSquaredError(), "test_r2": R2Score()})

    def forward(self, x):
        return self.model(x)

    def test_step(self, batch, batch_idx):
        x, y = batch
        self.test_metrics.update(self(x), y)
        # logging the metric objects: Lightning calls compute() at the end of the epoch, then reset()
        self.log_dict(self.test_metrics, on_step=False, on_epoch=True)

    def predict_step(self, batch, batch_idx, dataloader_idx=0):
        x = batch[0]  # batches are (x,): no targets at prediction time
        return self(x)


check_inference_steps(InferenceRegressor)
