"""zen-engine peer for RulesBench: the eu-vat decision (VAT rate table + IOSS/duty expressions) as a JDM model.

Usage: zen_bench.py VAT_RATES_CSV INPUT_JSONL DAY. Prints `ZEN_RATE <evaluations per second>`.
"""
import csv, json, sys, time

try:
    import zen
except ImportError:
    print("zen-engine is not installed")
    sys.exit(0)

rates_csv, input_path, day = sys.argv[1], sys.argv[2], sys.argv[3]
rules = []
with open(rates_csv) as f:
    rows = [r for r in csv.reader(line for line in f if not line.startswith("#"))]
header, rows = rows[0], rows[1:]
for r in rows:
    row = dict(zip(header, r))
    if row["effective"] and row["effective"] > day:
        continue
    if row["until"] and row["until"] <= day:
        continue
    rules.append({"_id": row["id"], "i1": json.dumps(row["country"]),
                  "i2": "" if row["category"] == "-" else json.dumps(row["category"]),
                  "o1": str(float(row["rate"].rstrip("%")) / 100)})

model = {
    "nodes": [
        {"id": "in", "type": "inputNode", "name": "request", "position": {"x": 0, "y": 0}},
        {"id": "rate", "type": "decisionTableNode", "name": "vat_rate", "position": {"x": 200, "y": 0},
         "content": {"hitPolicy": "first", "passThrough": True,
                     "inputs": [{"id": "i1", "name": "Country", "field": "country"},
                                {"id": "i2", "name": "Category", "field": "category"}],
                     "outputs": [{"id": "o1", "name": "Rate", "field": "rate"}], "rules": rules}},
        {"id": "calc", "type": "expressionNode", "name": "ioss_and_duty", "position": {"x": 400, "y": 0},
         "content": {"passThrough": True, "expressions": [
             {"id": "e1", "key": "intrinsic_eur", "value": "round(intrinsic / eur_rate * 100) / 100"},
             {"id": "e2", "key": "low", "value": "intrinsic / eur_rate <= 150"},
             {"id": "e3", "key": "eligible", "value": "sale == 'B2C' and intrinsic / eur_rate <= 150 and not excise"},
             {"id": "e4", "key": "regime", "value": "(sale == 'B2C' and intrinsic / eur_rate <= 150 and not excise) ? (ioss ? 'EU-IOSS' : 'EU-H7-IMPORT') : 'EU-H1'"},
             {"id": "e5", "key": "vat", "value": "round((value + share) * rate * 100) / 100"},
             {"id": "e6", "key": "duty", "value": "(sale == 'B2C' and intrinsic / eur_rate <= 150 and not excise) ? round(3 * items * eur_rate * 100) / 100 : 0"},
         ]}},
        {"id": "out", "type": "outputNode", "name": "assessment", "position": {"x": 600, "y": 0}},
    ],
    "edges": [
        {"id": "a", "sourceId": "in", "targetId": "rate", "type": "edge"},
        {"id": "b", "sourceId": "rate", "targetId": "calc", "type": "edge"},
        {"id": "c", "sourceId": "calc", "targetId": "out", "type": "edge"},
    ],
}

engine = zen.ZenEngine()
decision = engine.create_decision(json.dumps(model))
inputs = [json.loads(line) for line in open(input_path)]
for item in inputs[:2000]:
    decision.evaluate(item)  # warm
start = time.perf_counter()
count = 0
for item in inputs:
    decision.evaluate(item)
    count += 1
    if time.perf_counter() - start > 5:
        break
elapsed = time.perf_counter() - start
print(f"ZEN_RATE {count / elapsed:.0f}")
