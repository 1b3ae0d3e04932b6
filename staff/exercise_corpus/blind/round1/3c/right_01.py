#| kind: right
#| what: torch.manual_seed instead of seed_everything, the Trainer's progress bar and summary switched off, train_dataloaders= keyword
# Exercise 3c: write train(config), the Lightning twin of vanilla/minimal.py's train: the same losses and weights, bitwise.
def train(config):
    torch.manual_seed(config.seed)  # the vanilla loop's own seeding: the shuffle and the weights draw from it
    X, y, _, _ = make_data(config)
    loader = DataLoader(make_dataset(X, y), batch_size=config.batch_size, shuffle=config.shuffle)
    lit = minimal.LitRegressor(config.n_features, config.lr)
    recorder = minimal.Losses()
    trainer = L.Trainer(max_epochs=config.epochs, callbacks=[recorder], logger=False,
                        enable_checkpointing=False, enable_progress_bar=False, enable_model_summary=False)
    trainer.fit(lit, train_dataloaders=loader)
    return recorder.values, lit.model


check_minimal_train(train)
