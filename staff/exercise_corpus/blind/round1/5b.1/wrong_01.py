#| kind: wrong
#| what: no hyperparameters in the file: load rebuilds Regressor(10) from LitRegressor's default, so any other size fails
#| expect: the file holds no number of inputs
# Exercise 5b.1: write save_for_inference and load_for_inference; load_for_inference returns a model ready to predict.
def save_for_inference(path, model, n_features):
    torch.save({"state_dict": model.state_dict()}, path)


def load_for_inference(path):
    checkpoint = torch.load(path, map_location="cpu", weights_only=True)
    model = Regressor(10)
    model.load_state_dict(checkpoint["state_dict"])
    model.eval()
    return model


check_save_and_load(save_for_inference, load_for_inference)
