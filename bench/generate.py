"""Synthetic inspection reports and news articles in the layouts of the real ones (fixed seed).

    .venv/bin/python bench/generate.py OUT_FOLDER [--documents 1000] [--seed 7]

Units, regions, providers, inspectors, ratings, percentages, figures, findings and
recommendations are drawn from small vocabularies, so the documents go through the real
extractor like any other (they are never written as RDF).
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

PLACES = ["Ashford", "Brackwell", "Carnmoor", "Dunmere", "Eastvale", "Fenwick", "Glenridge", "Harrowgate",
          "Ironbridge", "Juniper", "Kestrel", "Larchfield", "Marlow", "Northby", "Oakham", "Pendle", "Quarry",
          "Redmarsh", "Stanmoor", "Thornbury", "Upton", "Valebrook", "Westmere", "Yarrow"]  # fmt: skip
REGIONS = ["North East", "North West", "Yorkshire and the Humber", "Greater Manchester", "East Midlands",
           "West Midlands", "East of England", "London", "South West", "South Central", "Wales"]  # fmt: skip
PROVIDERS = [("accommodation", "Shelter"), ("accommodation", "Nacro"), ("women's", "Changing Lives"),
             ("personal wellbeing", "the Growth Company"), ("women's", "Women in Prison"),
             ("personal wellbeing", "Catch22"), ("accommodation", "St Giles Trust")]  # fmt: skip
FIRST = ["Alex", "Priya", "Omar", "Jane", "Sam", "Ruth", "Tom", "Nadia", "Iain", "Grace"]
LAST = ["Turnbull", "Lomas", "Khan", "Smith", "Lee", "Okafor", "Hale", "Brennan", "Moss", "Ward"]
RATINGS = ["Outstanding", "Good", "Requires improvement", "Inadequate"]
STANDARDS = [("1.1", "Leadership"), ("1.2", "Staffing"), ("1.3", "Services"), ("2.1", "Assessment"),
             ("2.2", "Planning"), ("2.3", "Implementation and delivery"), ("2.4", "Reviewing")]  # fmt: skip
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]  # fmt: skip


def _unit(rng: random.Random) -> str:
    first, second = rng.sample(PLACES, 2)
    return f"{first} and {second}" if rng.random() < 0.6 else first


def report(rng: random.Random, unit: str, region: str) -> str:
    year, month = rng.randint(2021, 2025), rng.choice(MONTHS)
    ratings = [rng.choice(RATINGS) for _ in STANDARDS]
    lead, chief = f"{rng.choice(FIRST)} {rng.choice(LAST)}", f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    services = rng.sample(PROVIDERS, 3)
    lines = [
        "HM Inspectorate\nof Probation\n\nAn inspection of probation services in:\n",
        f"**{unit}**\n\nThe Probation Service – {region} Region\n\nHM Inspectorate of Probation, {month} {year}\n",
        f"## Acknowledgements\n\nThis inspection was led by HM Inspector {lead}, supported by a team of inspectors.\n",
        f"## Foreword\n\nStaff sickness averaged {rng.randint(8, 30)} days per year.\n\n**{chief} OBE**\nHM Chief Inspector of Probation\n",
        f"## Ratings\n\n### {unit}\n\nFieldwork started {rng.choice(MONTHS)} {year}\n\nScore **{rng.randint(0, 21)}/21**\n",
        f"#### Overall rating\n\n**{rng.choice(RATINGS)}**\n",
    ]
    lines += [f"P {code} {name}\n\n{rating}\n" for (code, name), rating in zip(STANDARDS, ratings, strict=True)]
    lines.append(f"## Recommendations\n\n### **{unit} PDU should:**\n")
    lines += [f"{i}. improve the quality of work on {topic}" for i, topic in
              enumerate(rng.sample(["risk of harm", "domestic abuse", "engagement", "staff workloads", "desistance"], 3), 1)]  # fmt: skip
    lines.append(
        f"\n## Background\n\nWe inspected {rng.randint(20, 60)} community orders and {rng.randint(10, 40)} releases on "
        f"licence from custody. We also conducted {rng.randint(20, 70)} interviews with probation practitioners.\n\n"
        f"{unit} is one of {rng.randint(5, 14)} PDUs in the {region} region. The caseload for the PDU is "
        f"{rng.randint(800, 4000):,}. The CRS provision included "
        + ", and ".join(f"{kind} services delivered by {name}" for kind, name in services)
        + ".\n"
    )
    for (code, name), rating in zip(STANDARDS, ratings, strict=True):
        lines.append(f"## P {code}. {name}\n\nThe standard is described here.\n\n{rating}\n\n### Strengths:\n")
        lines += [
            f"- Strength {k} of {name.lower()} was seen in {rng.randint(10, 90)} per cent of cases." for k in range(3)
        ]
        lines.append("\n**Areas for improvement:**\n")
        lines += [
            f"- Work on {name.lower()} was sufficient in {rng.randint(5, 40)} out of {rng.randint(41, 60)} cases."
        ]
        if code.startswith("2"):
            lines.append("\nKey question\tPercentage 'Yes'")
            lines += [f"Does {name.lower()} focus sufficiently on {what}?\t{rng.randint(10, 95)}%"
                      for what in ("engaging the person on probation", "keeping other people safe")]  # fmt: skip
    return "\n".join(lines) + "\n"


def article(rng: random.Random, unit: str, region: str) -> str:
    rating = rng.choice(RATINGS)
    return (
        f"A probation service has been assessed by inspectors.\n{unit} Probation Delivery Unit (PDU) received an "
        f"overall rating of '{rating.lower()}' following an inspection by His Majesty's Inspectorate of Probation.\n"
        f'{rng.choice(FIRST)} {rng.choice(LAST)}, chief inspector of probation, said: "We found a number of '
        f'things that must improve in this unit."\n{unit} is one of {rng.randint(5, 14)} PDUs in the {region} '
        f"region. Staff sickness was an average of {rng.randint(8, 30)} days per year.\n"
        f"The report makes {rng.choice(['three', 'four', 'five', 'six'])} recommendations.\n"
    )


def generate(folder: Path, documents: int, seed: int = 7) -> list[Path]:
    """Write ``documents`` synthetic documents (about one news article per four reports) to ``folder``."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(documents):
        unit, region = f"{_unit(rng)} {index}", rng.choice(REGIONS)
        is_article = index % 5 == 4
        path = folder / (f"article-{index:05d}.txt" if is_article else f"report-{index:05d}.md")
        path.write_text(article(rng, unit, region) if is_article else report(rng, unit, region), encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    print(f"wrote {len(generate(args.folder, args.documents, args.seed))} documents to {args.folder}")


if __name__ == "__main__":
    main()
