"""Baseline for `make bench-forecast`: statsforecast AutoETS (weekly season) for smooth series and
CrostonOptimized for intermittent ones, on the series the Swift side wrote. Times fit + forecast only (after a
warm-up that compiles numba code), writes the forecasts as CSV and prints a JSON summary."""
import csv
import json
import sys
import time

import numpy as np


def main(series_path, forecasts_path, horizon, season):
    try:
        from statsforecast.models import AutoETS, CrostonOptimized
    except Exception as error:  # pragma: no cover - reported to the Swift side
        print(json.dumps({"error": f"statsforecast not importable: {error}"}))
        return
    rows = []
    with open(series_path) as handle:
        for row in csv.reader(handle):
            if row[0] == "id":
                continue
            rows.append((row[0], row[1], np.array([float(v) for v in row[2:]], dtype=np.float64)))

    def fit_forecast(kind, y):
        if kind == "intermittent":
            return CrostonOptimized().forecast(y=y, h=horizon)["mean"]
        return AutoETS(season_length=season).forecast(y=y, h=horizon)["mean"]

    for kind in ("smooth", "intermittent"):  # warm-up: numba compilation is not part of the timing
        sample = next(y for _, k, y in rows if k == kind)
        fit_forecast(kind, sample)
    start = time.perf_counter()
    forecasts = [(series_id, fit_forecast(kind, y)) for series_id, kind, y in rows]
    seconds = time.perf_counter() - start
    with open(forecasts_path, "w", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        for series_id, values in forecasts:
            writer.writerow([series_id] + [repr(float(v)) for v in values])
    import statsforecast
    print(json.dumps({"seconds": seconds, "series": len(rows), "version": statsforecast.__version__}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
