"""Reading a corrections file: every format, every kind, and one line per bad row."""
from __future__ import annotations

from pathlib import Path

import pytest

from kg.review.corrections import CorrectionsError, load_corrections
from kg.review.model import FactKey, merge_targets


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_yaml_with_every_kind(tmp_path):
    c = load_corrections(write(tmp_path, "c.yaml", """\
analyst: A. Reviewer
facts:
  - {subject: ent:china, property: cikg:promotes, object: byd, verdict: Wrong}
  - {subject: china, property: targets, object: byd, document: doc:brief-2023, sentence: "  Two   words. ", verdict: right}
  - {subject: china, property: targets, object: byd, verdict: reverse, new_property: leads}
  - {subject: byd, property: establishedIn, object: "1995", verdict: wrong}
add:
  - {subject: china, property: funds, object: byd, document: brief-2023, sentence: China funds BYD.}
entities:
  - {entity: byd, class: StateOwnedEnterprise, label: BYD Company Limited}
merge:
  - {entity: a, into: b}
  - {entity: b, into: c}
split:
  - {entity: chinese_government, alias: Beijing, class: LocalGovernment}
"""))
    assert c.problems == [] and c.analyst == "A. Reviewer" and c.content_hash.startswith("sha256:")
    assert [f.verdict for f in c.facts] == ["wrong", "right", "reverse", "wrong"]
    assert c.facts[0].key == FactKey("china", "promotes", "byd")
    assert c.facts[1].key == FactKey("china", "targets", "byd", "brief-2023", "Two words.")
    assert c.facts[2].action == "reverse+change-property" and c.facts[3].key.object == "1995"
    assert c.added[0].key.document == "brief-2023"
    assert c.entities[0].cls == "StateOwnedEnterprise" and c.entities[0].action == "retype+rename"
    assert merge_targets(c.merges) == {"a": "c", "b": "c"}
    assert c.splits[0].new_key == "beijing" and c.facts[1].origin.row == 4


def test_yaml_problems_name_file_and_row_and_keep_the_rest(tmp_path):
    c = load_corrections(write(tmp_path, "bad.yaml", """\
facts:
  - {subject: china, property: frobs, object: byd, verdict: wrong}
  - {subject: china, property: promotes, object: byd, verdict: maybe}
  - {subject: china, property: promotes, verdict: wrong}
  - {subject: china, property: promotes, object: byd, verdict: wrong, new_property: leads}
  - {subject: byd, property: establishedIn, object: "1995", verdict: reverse}
  - just a string
  - {subject: china, property: promotes, object: byd, verdict: wrong}
add:
  - {subject: china, property: funds, object: byd}
entities:
  - {entity: byd, class: Galaxy}
  - {entity: byd}
merge:
  - {entity: x, into: x}
  - {entity: p, into: q}
  - {entity: q, into: r}
  - {entity: r, into: p}
  - {entity: s, into: t}
  - {entity: s, into: u}
colours: [red]
"""))
    assert c.problems == [
        "bad.yaml: row 1: unknown section 'colours'; expected analyst, facts, add, entities, merge, split",
        "bad.yaml: row 2: unknown property 'frobs'",
        "bad.yaml: row 3: unknown verdict 'maybe'; expected right, wrong, reverse",
        "bad.yaml: row 4: malformed row: no object",
        "bad.yaml: row 5: a fact marked wrong cannot also get a new_property",
        "bad.yaml: row 6: establishedIn has a literal value: it can only be right or wrong",
        "bad.yaml: row 1: malformed row in 'facts': 'just a string' is not a mapping",
        "bad.yaml: row 10: malformed row: no document, sentence",
        "bad.yaml: row 12: unknown class 'Galaxy'",
        "bad.yaml: row 13: malformed row: an entity correction needs a class or a label",
        "bad.yaml: row 15: merge of x into itself",
        "bad.yaml: row 20: s is already merged into t (bad.yaml: row 19)",
        "bad.yaml: row 16: merge cycle: p -> q -> r -> p",
        "bad.yaml: row 17: merge cycle: q -> r -> p -> q",
        "bad.yaml: row 18: merge cycle: r -> p -> q -> r",
    ]
    assert len(c.facts) == 1 and c.facts[0].origin.row == 8
    assert merge_targets(c.merges) == {"s": "t"}


def test_reviewed_csv_reads_verdicts_and_skips_unreviewed_rows(tmp_path):
    header = "confidence,subject_label,property,object_label,document,sentence,rule,subject,object,verdict,new_property,note\n"
    c = load_corrections(write(tmp_path, "facts.csv", header +
        '0.55,China,promotes,BYD,brief-2024,"China, it says, promotes BYD.",svo,'
        'https://w3id.org/cikg/id/entity/china,https://w3id.org/cikg/id/entity/byd,wrong,,not in the text\n'
        "0.60,China,promotes,BYD,brief-2024,Other.,svo,https://w3id.org/cikg/id/entity/china,"
        "https://w3id.org/cikg/id/entity/byd,,,\n"
        "0.80,CSTC,establishedIn,2023,brief-2023,Set up in 2023.,founding-date,"
        "https://w3id.org/cikg/id/entity/cstc,,right,,\n"
        "0.90,China,promotes,BYD,brief-2024,Third.,svo,https://w3id.org/cikg/id/entity/china,"
        "https://w3id.org/cikg/id/entity/byd,sure,,\n"
        "0.90,too,few,cells\n"))
    assert [f.key for f in c.facts] == [FactKey("china", "promotes", "byd", "brief-2024", "China, it says, promotes BYD."),
                                        FactKey("cstc", "establishedIn", "2023", "brief-2023", "Set up in 2023.")]
    assert c.facts[0].note == "not in the text" and c.facts[0].origin.row == 2
    assert c.problems == ["facts.csv: row 5: unknown verdict 'sure'; expected right, wrong, reverse",
                          "facts.csv: row 6: malformed row: 4 cells where the header has 12"]


@pytest.mark.parametrize("name,text,reason", [
    ("c.yaml", "facts: [unclosed", "not a YAML corrections file"),
    ("c.yaml", "- a list\n", "a corrections file is a mapping"),
    ("c.csv", "a,b,c\n1,2,3\n", "needs the columns subject, property, object, verdict"),
    ("c.xlsx", "not a zip", "not an xlsx workbook"),
])
def test_unreadable_files_are_one_error(tmp_path, name, text, reason):
    with pytest.raises(CorrectionsError, match=reason) as error:
        load_corrections(write(tmp_path, name, text))
    assert str(error.value).startswith(str(tmp_path / name))


def test_missing_file_is_one_error(tmp_path):
    with pytest.raises(CorrectionsError, match="cannot read"):
        load_corrections(tmp_path / "nope.yaml")
