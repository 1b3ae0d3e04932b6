#| kind: right
#| what: in a hurry: a tuple (n_features, state_dict), unpacked on load, and `return model.eval()`
# Exercise 5b.1: write save_for_inference and load_for_inference; load_for_inference returns a model ready to predict.
def save_for_inference(path, model, n_features):
    torch.save((n_features, model.state_dict()), path)


def load_for_inference(path):
    n_features, weights = torch.load(path, weights_only=True)
    model = Regressor(n_features)
    model.load_state_dict(weights)
    return model.eval()


check_save_and_load(save_for_inference, load_for_inference)
