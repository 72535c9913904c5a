"""Writes src/mentions/data/given_name_genders.tsv: US Census 1990 given names
whose use is at least ten times more often one gender's than the other's.

    pip download --no-deps names==0.3.0 -d /tmp/names && tar xzf /tmp/names/names-0.3.0.tar.gz -C /tmp/names
    python3 scripts/given_name_genders.py /tmp/names/names-0.3.0/names -o src/mentions/data/given_name_genders.tsv

The names package ships the Census frequency lists (public domain); a name in
both lists with no clear majority ("Kelly", "Jordan") is left out, so it gives
no gender.
"""
import argparse
import os


def frequencies(path):
    out = {}
    with open(path, encoding="ascii") as f:
        for line in f:
            cols = line.split()
            if cols:
                out[cols[0].lower()] = float(cols[1])
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("names_dir", help="the names package's data folder (dist.male.first, dist.female.first)")
    ap.add_argument("-o", "--output", required=True)
    args = ap.parse_args()
    male = frequencies(os.path.join(args.names_dir, "dist.male.first"))
    female = frequencies(os.path.join(args.names_dir, "dist.female.first"))
    rows = []
    for name in sorted(set(male) | set(female)):
        m, f = male.get(name, 0.0), female.get(name, 0.0)
        if m >= 10 * f:
            rows.append((name, "M"))
        elif f >= 10 * m:
            rows.append((name, "F"))
    with open(args.output, "w", encoding="utf-8") as out:
        out.write("# US Census 1990 given names by gender (public domain, via the names package 0.3.0);\n")
        out.write("# written by scripts/given_name_genders.py: a name at least ten times more often one gender's.\n")
        for name, g in rows:
            out.write(f"{name}\t{g}\n")
    print(f"{len(rows)} names -> {args.output}")


if __name__ == "__main__":
    main()
