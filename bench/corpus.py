"""A large, realistic corpus for benchmarks: briefs assembled from real sentences, with varied names and figures.

Sentences come from the English sections of the bundled briefs (and any text files given). Years,
percentages, firms and people are re-drawn in every document, and template sentences add people,
firms, institutes and ministries from pools of a few thousand names, so entity resolution and
merging see many distinct entities shared across documents, as in a real collection.
Document ``i`` depends only on ``(seed, i)``: a corpus of 1,000 is the first 1,000 of a corpus of
10,000, and files are written one at a time.

    python bench/corpus.py OUT --docs 1000 --words 800 [--text more.txt ...] [--seed 7]
"""
from __future__ import annotations

import argparse
import random
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from extract.ingest import read_document
from kg.graph.build import sample_corpus

SURNAMES = ("Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Gao Lin Luo Zheng Liang Xie Song "
            "Tang Han Feng Deng Cao Peng Zeng Xiao Tian Dong Pan Yuan Cai Jiang Yu Du Ye Cheng Wei Su Lu Ding Ren Shen "
            "Yao Qian").split()
GIVEN = ("Wei Fang Min Jing Lei Jun Yang Yong Jie Tao Ming Chao Xiuying Hua Ping Gang Hui Qiang Jian Bo Yan Xin Lin "
         "Jiwei Haoran Yuxuan Zihan Yichen Shuang Kai Rui Peng Ning Dan Ying Hong Xia Bin Lan Qing Zhen").split()
FIRM_STEMS = ("Huaxin Zhongke Tianyu Haiguang Longxin Jinghe Xinwei Ruixin Hengtong Guoxin Yuncheng Baishan Lingyun "
              "Qihang Xingchen Dongfang Nanhua Beidou Changjiang Taishan Kunlun Huanyu Zhixin Shengda Tongfang "
              "Hongyuan Anxin Jiuzhou Fenghua Minsheng").split()
FIRM_KINDS = ("Semiconductor", "Microelectronics", "Robotics", "Biotech", "Aerospace", "AI Technologies",
              "New Energy", "Quantum Computing", "Optoelectronics", "Precision Instruments")
FIELDS = ("Microelectronics", "Automation", "Computing Technology", "Semiconductors", "Biophysics", "Physics",
          "Chemistry", "Materials Science", "Genetics", "Remote Sensing")
UNIVERSITIES = ("Tsinghua University", "Peking University", "Fudan University", "Zhejiang University",
                "Shanghai Jiao Tong University", "Nanjing University", "Wuhan University", "Sun Yat-sen University")
MINISTRIES = ("Ministry of Science and Technology", "Ministry of Industry and Information Technology",
              "National Development and Reform Commission", "Ministry of Education", "Ministry of Finance",
              "National Natural Science Foundation of China", "Chinese Academy of Sciences")
PLANS = ("Made in China 2025", "14th Five-Year Plan", "National Medium- and Long-Term Plan for Science and "
         "Technology", "New Generation Artificial Intelligence Development Plan", "Integrated Circuit Industry Plan")
SECTORS = ("semiconductors", "artificial intelligence", "biomedicine", "aerospace", "quantum computing",
           "new energy vehicles", "robotics", "advanced materials", "biotechnology", "space")
CITIES = ("Beijing", "Shanghai", "Shenzhen", "Hefei", "Wuhan", "Hangzhou", "Chengdu", "Xi'an", "Suzhou", "Guangzhou")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
TEMPLATES = (
    "{person}, a researcher at {institute}, argued that {firm} had raised its R&D spending to {pct}% of revenue in {year}.",
    "{firm} and {firm2} announced a joint laboratory for {sector} in {city} in {month} {year}.",
    "The {ministry} issued the {plan} in {year}, which allocates {amount} billion yuan to {sector}.",
    "{surname} said the plan would help {firm} compete with foreign suppliers of {sector}.",
    "In {year}, {firm} filed {patents} patents in {sector}, up {pct}% from a year earlier.",
    "{person}, chairman of {firm}, met officials of the {ministry} in {city} to discuss funding for {sector}.",
    "{university} and {firm} set up a {amount} billion yuan fund for {sector} start-ups in {year}.",
    "According to the {ministry}, China's R&D investment intensity reached {pct}% in {year}.",
)
NUMBERING = re.compile(r"^(?:Executive Summary\s+)?\d{1,2}\.\s*|\s+\d{1,2}\.$")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"])")
YEAR = re.compile(r"\b20[0-2]\d\b")
PERCENT = re.compile(r"\b\d+(?:\.\d+)?%")
FIRM_NAMES = re.compile(r"\b(?:BYD|Huawei)\b")


@dataclass(frozen=True)
class Pools:
    """The names documents draw from; their sizes bound how many distinct entities a corpus has."""

    persons: tuple[str, ...]
    firms: tuple[str, ...]
    institutes: tuple[str, ...]

    @classmethod
    def default(cls) -> Pools:
        persons = tuple(f"{s} {g}" for s in SURNAMES for g in GIVEN)
        firms = tuple(f"{s} {k}" for s in FIRM_STEMS for k in FIRM_KINDS)
        institutes = tuple(f"Institute of {f} of the Chinese Academy of Sciences" for f in FIELDS) + UNIVERSITIES
        return cls(persons, firms, institutes)


def source_sentences(texts: Iterable[Path] = ()) -> list[str]:
    """English sentences of the bundled briefs and of ``texts`` (any format cikg reads)."""
    sentences: list[str] = []
    for path in [*sorted(sample_corpus().glob("*.txt")), *texts]:
        document = read_document(path)
        for section in document.sections:
            if section.lang == "en":
                for sentence in SENTENCE_END.split(" ".join(document.section_text(section).split())):
                    sentence = NUMBERING.sub("", sentence).strip()
                    if len(sentence.split()) >= 5:
                        sentences.append(sentence)
    return sentences


class BriefWriter:
    """Writes brief ``i`` of a corpus: a title page, then numbered paragraphs of about ``words`` words."""

    def __init__(self, sentences: list[str], pools: Pools, words: int, seed: int) -> None:
        self.sentences, self.pools, self.words, self.seed = sentences, pools, words, seed

    def text(self, index: int) -> str:
        rng = random.Random(self.seed * 1_000_003 + index)
        author = rng.choice(self.pools.persons)
        surname, given = author.split(" ", 1)
        year = rng.randint(2016, 2025)
        title = f"China's {rng.choice(SECTORS).title()} Policy in {year}: {rng.choice(('Progress', 'Challenges', 'Reforms', 'Outlook'))}"
        lines = [title.upper(), "", f"{surname.upper()} {given}", "",
                 f"EAI Background Brief No. {rng.randint(1000, 1999)}", "",
                 f"Date of Publication: {rng.randint(1, 28)} {rng.choice(MONTHS)} {year}", "", "Executive Summary", ""]
        paragraph: list[str] = []
        count = number = 0
        while count < self.words:
            sentence = self._sentence(rng)
            paragraph.append(sentence)
            count += len(sentence.split())
            if len(paragraph) >= rng.randint(2, 4):
                number += 1
                lines += [f"{number}. {' '.join(paragraph)}", ""]
                paragraph = []
        if paragraph:
            lines.append(f"{number + 1}. {' '.join(paragraph)}")
        return "\n".join(lines) + "\n"

    def _sentence(self, rng: random.Random) -> str:
        if rng.random() < 0.4:
            return self._template(rng)
        sentence = rng.choice(self.sentences)
        sentence = YEAR.sub(lambda _: str(rng.randint(2010, 2025)), sentence)
        sentence = PERCENT.sub(lambda _: f"{rng.uniform(0.5, 30):.1f}%", sentence)
        return FIRM_NAMES.sub(lambda _: rng.choice(self.pools.firms), sentence)

    def _template(self, rng: random.Random) -> str:
        person = rng.choice(self.pools.persons)
        return rng.choice(TEMPLATES).format(
            person=person, surname=person.split()[0], firm=rng.choice(self.pools.firms),
            firm2=rng.choice(self.pools.firms), institute=rng.choice(self.pools.institutes),
            university=rng.choice(UNIVERSITIES), ministry=rng.choice(MINISTRIES), plan=rng.choice(PLANS),
            sector=rng.choice(SECTORS), city=rng.choice(CITIES), month=rng.choice(MONTHS),
            year=rng.randint(2010, 2025), pct=f"{rng.uniform(0.5, 30):.1f}", amount=rng.randint(1, 500),
            patents=rng.randint(10, 5000))


def write_corpus(out: Path, docs: int, words: int, seed: int = 7, texts: Iterable[Path] = (),
                 start: int = 0) -> list[Path]:
    """Write briefs ``start`` … ``start + docs - 1`` to ``out`` (``brief-000000.txt`` …); returns their paths."""
    out.mkdir(parents=True, exist_ok=True)
    writer = BriefWriter(source_sentences(texts), Pools.default(), words, seed)
    return [_write(out / f"brief-{i:06d}.txt", writer.text(i)) for i in range(start, start + docs)]


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--words", type=int, default=800, help="about this many words per brief")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--text", type=Path, nargs="*", default=[], help="more source text (any format cikg reads)")
    args = parser.parse_args()
    paths = write_corpus(args.out, args.docs, args.words, args.seed, args.text)
    words = sum(len(p.read_text(encoding="utf-8").split()) for p in paths)
    print(f"{len(paths)} briefs, {words} words in {args.out}")


if __name__ == "__main__":
    main()
