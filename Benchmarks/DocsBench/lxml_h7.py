"""The peer: build the same 5-line H7 with lxml, validate it against Schemas/h7.xsd and run Templates/html/preview.xsl.

Prints `lxml docs_per_sec=<n> iterations=<n>`; the Swift driver runs it in the same process tree and compares.
"""
import json
import sys
import time
from decimal import Decimal, ROUND_HALF_UP

from lxml import etree

root_dir, request_path, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3])
output_path = sys.argv[4] if len(sys.argv) > 4 else None
schema = etree.XMLSchema(etree.parse(f"{root_dir}/Schemas/h7.xsd"))
xslt = etree.XSLT(etree.parse(f"{root_dir}/Templates/html/preview.xsl"))
with open(request_path, encoding="utf-8") as f:
    request = json.load(f)

CENT = Decimal("0.01")


def sub(parent, name, text=None, **attrs):
    el = etree.SubElement(parent, name, **attrs)
    if text is not None:
        el.text = text
    return el


def party(parent, name, p, ids=()):
    el = sub(parent, name)
    sub(el, "Name", p["name"])
    a = sub(el, "Address")
    sub(a, "Street", p["street"])
    sub(a, "City", p["city"])
    if p.get("postcode"):
        sub(a, "Postcode", p["postcode"])
    sub(a, "Country", p["country"])
    if p.get("phone"):
        sub(el, "Phone", p["phone"])
    if p.get("email"):
        sub(el, "Email", p["email"])
    for scheme, value in ids:
        if value:
            sub(el, "Identifier", value, scheme=scheme)


def build(r):
    root = etree.Element("H7Declaration")
    sub(root, "DeclarationType", "H7")
    sub(root, "LRN", r["id"])
    sub(root, "DeclarationDate", r["date"])
    sub(root, "TotalItems", str(len(r["lines"])))
    party(root, "Exporter", r["seller"], [("EORI", r["seller"].get("eori"))])
    party(root, "Importer", r["buyer"], [("EORI", r["buyer"].get("eori")), ("VAT", r["buyer"].get("vat"))])
    ref = sub(root, "AdditionalFiscalReference")
    sub(ref, "Role", "FR5")
    sub(ref, "VATIdentificationNumber", r["seller"]["ioss"])
    td = sub(root, "TransportDocument")
    sub(td, "Type", "N740")
    sub(td, "Reference", r["tracking"]["bill_of_lading"])
    sub(root, "CountryOfDispatch", r["from"])
    sub(root, "CountryOfDestination", r["to"])
    totals = [Decimal(str(l["quantity"])) * Decimal(l["unit_price"]) for l in r["lines"]]
    sub(root, "TotalIntrinsicValue", str(sum(totals).quantize(CENT, ROUND_HALF_UP)), currency=r["currency"])
    for i, (l, total) in enumerate(zip(r["lines"], totals), 1):
        item = sub(root, "GoodsItem")
        sub(item, "ItemNumber", str(i))
        sub(item, "RequestedProcedure", "40")
        sub(item, "PreviousProcedure", "00")
        sub(item, "AdditionalProcedure", "F48")
        sub(item, "DescriptionOfGoods", l["description"])
        sub(item, "CommodityCode", l["hs"].replace(".", "")[:6])
        sub(item, "IntrinsicValue", str(total.quantize(CENT, ROUND_HALF_UP)), currency=r["currency"])
        sub(item, "NetMass", l["net_kg"])
        sub(item, "CountryOfOrigin", l["origin"])
        sub(item, "MerchantProductIdentifier", l["sku"])
    return root


def once():
    doc = etree.ElementTree(build(request))
    if not schema.validate(doc):
        raise SystemExit(f"invalid: {schema.error_log}")
    return str(xslt(doc, lang=etree.XSLT.strparam("en"), lang2=etree.XSLT.strparam(""),
                    kind=etree.XSLT.strparam("h7"), font=etree.XSLT.strparam("Noto Sans CJK SC")))


for _ in range(100):
    once()
count = 0
start = time.thread_time()
while True:
    once()
    count += 1
    if count % 100 == 0 and time.thread_time() - start >= seconds:
        break
elapsed = time.thread_time() - start
if output_path:
    with open(output_path, "w", encoding="utf-8") as f:
        f.write(once())
print(f"lxml docs_per_sec={count / elapsed:.1f} iterations={count} output_bytes={len(once().encode())}")
