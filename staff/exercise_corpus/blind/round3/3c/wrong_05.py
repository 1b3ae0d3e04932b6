#| kind: wrong
#| what: state kept between calls: one Losses callback made once, as a default argument, so each call's losses are appended after the previous call's
#| expect: train returns 26 losses, but 2 epochs of 4 batches are 8
# Exercise 3c: write train(config), the Lightning twin of vanilla/minimal.py's train: the same losses and weights, bitwise.
def train(config, losses=minimal.Losses()):
    L.seed_everything(config.seed)
    X, y, _, _ = make_data(config)
    train_loader = DataLoader(make_dataset(X, y), batch_size=config.batch_size, shuffle=config.shuffle)
    model = minimal.LitRegressor(config.n_features, config.lr)
    trainer = L.Trainer(max_epochs=config.epochs, callbacks=[losses], logger=False, enable_checkpointing=False)
    trainer.fit(model, train_loader)
    return losses.values, model.model


check_minimal_train(train)
