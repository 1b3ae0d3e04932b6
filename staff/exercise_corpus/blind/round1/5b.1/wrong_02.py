#| kind: wrong
#| what: pickles the whole model (torch.save(model)): weights_only=True refuses to load it
#| expect: The file holds Python objects
# Exercise 5b.1: write save_for_inference and load_for_inference; load_for_inference returns a model ready to predict.
def save_for_inference(path, model, n_features):
    torch.save({"n_features": n_features, "model": model}, path)


def load_for_inference(path):
    checkpoint = torch.load(path, map_location="cpu", weights_only=True)
    model = checkpoint["model"]
    model.eval()
    return model


check_save_and_load(save_for_inference, load_for_inference)
