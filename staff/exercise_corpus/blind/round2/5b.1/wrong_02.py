#| kind: wrong
#| what: pickles the whole model with torch.save(model), so loading needs weights_only=False, which can run code from the file
#| expect: The file holds Python objects (UnpicklingError
# Exercise 5b.1: write save_for_inference and load_for_inference; load_for_inference returns a model ready to predict.
def save_for_inference(path, model, n_features):
    torch.save(model, path)  # the whole model: its class, its size and its weights in one go


def load_for_inference(path):
    model = torch.load(path, weights_only=False)
    return model.eval()


check_save_and_load(save_for_inference, load_for_inference)
