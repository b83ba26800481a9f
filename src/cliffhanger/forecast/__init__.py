"""Renewal odds: labels, features, model, walk-forward backtest, and the service the CLI/web use.

Stages, one module each: `labels` (training rows and their rules), `features`
(known before the forecast date), `model` (calibrated scikit-learn, reasons),
`backtest` (walk-forward by season year, baselines), `service` (a store's
pending shows, caching, JSON shapes).
"""
