#| kind: wrong
#| what: saves model.linear.state_dict() (keys weight, bias) and loads with strict=False, so no key matches and the model keeps its random weights
#| expect: The loaded model's outputs differ from the saved model's
# Exercise 5b.1: write save_for_inference and load_for_inference; load_for_inference returns a model ready to predict.
def save_for_inference(path, model, n_features):
    torch.save({"n_features": n_features, "weights": model.linear.state_dict()}, path)


def load_for_inference(path):
    checkpoint = torch.load(path, weights_only=True)
    model = Regressor(checkpoint["n_features"])
    model.load_state_dict(checkpoint["weights"], strict=False)  # strict=False: ignore small differences
    return model.eval()


check_save_and_load(save_for_inference, load_for_inference)
