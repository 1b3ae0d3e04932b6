#| kind: wrong
#| what: n_features kept in a global variable, not in the file: the last model saved decides the size, and a new process has none
#| expect: the file holds no number of inputs
# Exercise 5b.1: write save_for_inference and load_for_inference; load_for_inference returns a model ready to predict.
SAVED_N_FEATURES = None


def save_for_inference(path, model, n_features):
    global SAVED_N_FEATURES
    SAVED_N_FEATURES = n_features
    torch.save({"state_dict": model.state_dict()}, path)


def load_for_inference(path):
    checkpoint = torch.load(path, map_location="cpu", weights_only=True)
    model = Regressor(SAVED_N_FEATURES)
    model.load_state_dict(checkpoint["state_dict"])
    model.eval()
    return model


check_save_and_load(save_for_inference, load_for_inference)
