#| kind: wrong
#| what: returns what load_state_dict returns (the missing and unexpected keys), not the model
#| expect: load_for_inference returns a _IncompatibleKeys, not a model (lesson
# Exercise 5b.1: write save_for_inference and load_for_inference; load_for_inference returns a model ready to predict.
def save_for_inference(path, model, n_features):
    torch.save({"n_features": n_features, "state_dict": model.state_dict()}, path)


def load_for_inference(path):
    checkpoint = torch.load(path, weights_only=True)
    model = Regressor(checkpoint["n_features"]).eval()
    return model.load_state_dict(checkpoint["state_dict"])


check_save_and_load(save_for_inference, load_for_inference)
