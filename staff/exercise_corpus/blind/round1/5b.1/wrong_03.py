#| kind: wrong
#| what: the loaded model is returned in training mode: eval() is never called
#| expect: returns the model in training mode
# Exercise 5b.1: write save_for_inference and load_for_inference; load_for_inference returns a model ready to predict.
def save_for_inference(path, model, n_features):
    torch.save({"hyper_parameters": {"n_features": n_features}, "state_dict": model.state_dict()}, path)


def load_for_inference(path):
    checkpoint = torch.load(path, map_location="cpu", weights_only=True)
    model = Regressor(**checkpoint["hyper_parameters"])
    model.load_state_dict(checkpoint["state_dict"])
    return model


check_save_and_load(save_for_inference, load_for_inference)
