#| kind: wrong
#| what: n_features read off the weight with the wrong index (shape[0], the outputs, instead of shape[1]): saves 1, the rebuilt model has the wrong size
#| expect: the file says 1 where the number of inputs should be
# Exercise 5b.1: write save_for_inference and load_for_inference; load_for_inference returns a model ready to predict.
def save_for_inference(path, model, n_features):
    n_inputs = model.linear.weight.shape[0]  # read from the model itself
    torch.save({"hyper_parameters": {"n_features": n_inputs}, "state_dict": model.state_dict()}, path)


def load_for_inference(path):
    checkpoint = torch.load(path, map_location="cpu", weights_only=True)
    model = Regressor(**checkpoint["hyper_parameters"])
    model.load_state_dict(checkpoint["state_dict"])
    model.eval()
    return model


check_save_and_load(save_for_inference, load_for_inference)
