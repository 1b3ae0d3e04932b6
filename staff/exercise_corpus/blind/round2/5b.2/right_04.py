#| kind: right
#| what: docs style: test_step also computes and returns the batch loss, logs the collection with batch_size and prog_bar; predict_step `x = batch[0]`
# Exercise 5b.2: write test_step and predict_step so that trainer.test and trainer.predict work.
class InferenceRegressor(LitRegressor):
    def __init__(self, n_features: int = 10, lr: float = 0.01):
        super().__init__(n_features, lr)
        self.test_metrics = MetricCollection({"test_loss": MeanSquaredError(), "test_r2": R2Score()})

    def test_step(self, batch, batch_idx):
        x, y = batch
        y_hat = self.model(x)
        loss = torch.nn.functional.mse_loss(y_hat, y)  # this batch's loss, returned as the docs do; not logged
        self.test_metrics.update(y_hat, y)
        self.log_dict(self.test_metrics, prog_bar=True, batch_size=x.size(0))
        return loss

    def predict_step(self, batch, batch_idx):
        x = batch[0]
        y_hat = self.model(x)
        return y_hat


check_inference_steps(InferenceRegressor)
