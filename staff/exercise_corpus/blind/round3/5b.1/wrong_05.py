#| kind: wrong
#| what: n_features is kept in a module-level variable set by save, not in the file, so loading depends on the last save in this process
#| expect: load_for_inference builds a Regressor with 5 inputs (the size of
# Exercise 5b.1: write save_for_inference and load_for_inference; load_for_inference returns a model ready to predict.
N_FEATURES = None


def save_for_inference(path, model, n_features):
    global N_FEATURES
    N_FEATURES = n_features  # remember the size for loading
    torch.save(model.state_dict(), path)


def load_for_inference(path):
    model = Regressor(N_FEATURES)
    model.load_state_dict(torch.load(path, weights_only=True))
    return model.eval()


check_save_and_load(save_for_inference, load_for_inference)
