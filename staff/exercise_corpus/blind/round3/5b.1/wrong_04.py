#| kind: wrong
#| what: stores the weights in float16 to halve the file, so the loaded model's outputs are not bitwise the original's
#| expect: The loaded model's weights are the saved ones rounded to torch.float16
# Exercise 5b.1: write save_for_inference and load_for_inference; load_for_inference returns a model ready to predict.
def save_for_inference(path, model, n_features):
    small = {name: tensor.half() for name, tensor in model.state_dict().items()}  # half the size on disk
    torch.save({"n_features": n_features, "state_dict": small}, path)


def load_for_inference(path):
    checkpoint = torch.load(path, weights_only=True)
    model = Regressor(checkpoint["n_features"])
    model.load_state_dict(checkpoint["state_dict"])  # copied back into float32 parameters
    return model.eval()


check_save_and_load(save_for_inference, load_for_inference)
