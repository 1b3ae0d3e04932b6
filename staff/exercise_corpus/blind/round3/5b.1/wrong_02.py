#| kind: wrong
#| what: pickles the whole model object with torch.save(model), which weights_only=True refuses to load
#| expect: The file holds Python objects (UnpicklingError
# Exercise 5b.1: write save_for_inference and load_for_inference; load_for_inference returns a model ready to predict.
def save_for_inference(path, model, n_features):
    torch.save(model, path)  # the object knows its own size: no need to store n_features


def load_for_inference(path):
    model = torch.load(path, weights_only=False)
    model.eval()
    return model


check_save_and_load(save_for_inference, load_for_inference)
