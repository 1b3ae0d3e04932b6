#| kind: right
#| what: beginner: torch.manual_seed as in vanilla (not seed_everything) and a bare Trainer(max_epochs=..., callbacks=[...]) with its default logger, checkpointing, summary and progress bar
# Exercise 3c: write train(config), the Lightning twin of vanilla/minimal.py's train: the same losses and weights, bitwise.
def train(config):
    torch.manual_seed(config.seed)
    X, y, _, _ = make_data(config)
    train_loader = DataLoader(make_dataset(X, y), batch_size=config.batch_size, shuffle=config.shuffle)
    model = minimal.LitRegressor(config.n_features, config.lr)
    losses = minimal.Losses()
    trainer = L.Trainer(max_epochs=config.epochs, callbacks=[losses])
    trainer.fit(model, train_loader)
    return losses.values, model.model


check_minimal_train(train)
