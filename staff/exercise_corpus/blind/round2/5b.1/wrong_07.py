#| kind: wrong
#| what: reads the size from the model but takes linear.out_features (always 1) instead of in_features / n_features
#| expect: load_for_inference builds a Regressor with 1 input for a file saved
# Exercise 5b.1: write save_for_inference and load_for_inference; load_for_inference returns a model ready to predict.
def save_for_inference(path, model, n_features):
    hyper_parameters = {"n_features": model.linear.out_features}  # read off the model, so it always matches it
    torch.save({"hyper_parameters": hyper_parameters, "state_dict": model.state_dict()}, path)


def load_for_inference(path):
    checkpoint = torch.load(path, weights_only=True)
    model = Regressor(**checkpoint["hyper_parameters"])
    model.load_state_dict(checkpoint["state_dict"])
    return model.eval()


check_save_and_load(save_for_inference, load_for_inference)
