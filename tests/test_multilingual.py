"""Chinese, French and Spanish sections onto the same entities as English (extract/languages/), over
paragraphs written for these tests and over brief-2024's translations."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal
from rdflib.namespace import RDF, RDFS, SKOS

from extract.ingest import read_document
from extract.knowledge import load_class_tree, load_gazetteer, load_lexicon
from extract.model import Document, Mention, MentionFact, Section
from extract.languages import ForeignSectionReader, SectionReading, load_language_lexicons
from extract.resolve import EntityResolver, name_key
from kg.graph.build import build, sample_corpus
from kg.namespaces import CIKG, DOC, ENT

TEST_GAZETTEER = {"entities": [
    {"id": "ministry_of_science_and_technology", "class": "Ministry",
     "labels": {"en": ["Ministry of Science and Technology"], "zh": ["科学技术部", "科技部"],
                "fr": ["ministère de la Science et de la Technologie"], "es": ["Ministerio de Ciencia y Tecnología"]},
     "abbr": ["MOST"]},
    {"id": "national_development_and_reform_commission", "class": "Commission",
     "labels": {"en": ["National Development and Reform Commission"], "zh": ["国家发展和改革委员会", "发改委"]},
     "abbr": ["NDRC"]},
    {"id": "shanghai", "class": "LocalGovernment", "labels": {"en": ["Shanghai"], "zh": ["上海市"]}},
    {"id": "chinese_government", "class": "GovernmentBody",
     "labels": {"en": ["Chinese government"], "zh": ["国家"], "fr": ["gouvernement chinois"]}},
    {"id": "china", "class": "Country", "labels": {"en": ["China"], "zh": ["中国"], "fr": ["Chine"], "es": ["China"]}},
    {"id": "united_states", "class": "Country",
     "labels": {"en": ["United States"], "zh": ["美国"], "fr": ["États-Unis", "américain", "américaines"],
                "es": ["Estados Unidos", "EE.UU."]}, "abbr": ["US"]},
    {"id": "united_nations", "class": "InternationalOrganization",
     "labels": {"en": ["United Nations"], "zh": ["联合国"], "fr": ["Nations unies"]}, "abbr": ["UN"]},
    {"id": "oecd", "class": "InternationalOrganization",
     "labels": {"en": ["Organisation for Economic Co-operation and Development"], "zh": ["经合组织"],
                "fr": ["OCDE"]}, "abbr": ["OECD"]},
    {"id": "artificial_intelligence", "class": "Sector",
     "labels": {"en": ["artificial intelligence"], "zh": ["人工智能"], "fr": ["intelligence artificielle"],
                "es": ["inteligencia artificial"]}},
    {"id": "semiconductors", "class": "Sector",
     "labels": {"en": ["semiconductors"], "zh": ["半导体"], "fr": ["semi-conducteurs"], "es": ["semiconductores"]}},
    {"id": "strategic_industries", "class": "Sector",
     "labels": {"en": ["strategic industries"], "zh": ["战略性产业"], "fr": ["industries stratégiques"]}},
    {"id": "basic_research", "class": "Concept",
     "labels": {"en": ["basic research"], "zh": ["基础研究"], "fr": ["recherche fondamentale"],
                "es": ["investigación básica"]}},
    {"id": "enterprises", "class": "ActorGroup",
     "labels": {"en": ["enterprises"], "zh": ["企业"], "fr": ["entreprises"], "es": ["empresas"]}},
    {"id": "trade_blacklist", "class": "Sanction",
     "labels": {"en": ["trade blacklist"], "fr": ["liste noire", "liste des sanctions"], "es": ["lista negra"]}},
    {"id": "foreign_firms", "class": "ActorGroup",
     "labels": {"en": ["foreign suppliers"], "zh": ["外国供应商"], "fr": ["fournisseurs étrangers"],
                "es": ["proveedores extranjeros"]}},
]}


@pytest.fixture(scope="module")
def reader(tmp_path_factory) -> ForeignSectionReader:
    path = tmp_path_factory.mktemp("gazetteer") / "gazetteer.yaml"
    path.write_text(yaml.safe_dump(TEST_GAZETTEER, allow_unicode=True), encoding="utf-8")
    return ForeignSectionReader(load_gazetteer(path), load_lexicon())


@pytest.fixture(scope="module")
def real_reader() -> ForeignSectionReader:
    return ForeignSectionReader(load_gazetteer(), load_lexicon())


@pytest.fixture(scope="module")
def brief_2024() -> Document:
    return read_document(sample_corpus() / "brief-2024.txt")


def read(reader: ForeignSectionReader, lang: str, text: str) -> SectionReading:
    document = Document("test", "test.txt", text, [Section(lang, 0, len(text))])
    return reader.read(document, document.sections[0], 0)


def by_text(mentions):
    return {m.text: m for m in mentions}


def facts_of(read: list[MentionFact]) -> set[tuple[str, str, str]]:
    """The typed facts a reader read, keyed as each mention alone resolves."""
    return {(f.fact.subject, f.fact.predicate, f.fact.object) for f in read if f.fact.predicate != "relatedTo"}


# -- Chinese ---------------------------------------------------------------------------------------
ZH = ("科技部和国家发展和改革委员会联合发布了新的政策文件。"
      "上海市科学技术委员会支持人工智能、半导体和智能农机等战略性产业。"
      "深圳市星河微电子有限公司依赖外国供应商。")


@pytest.mark.slow
def test_chinese_paragraph_entities_classes_and_relations(reader):
    reading = read(reader, "zh", ZH)
    sentences, mentions, facts = reading.sentences, reading.mentions, reading.facts
    assert [s.text[-1] for s in sentences] == ["。", "。", "。"]
    found = by_text(mentions)
    assert found["科技部"].key == "ministry_of_science_and_technology"
    assert found["国家发展和改革委员会"].key == "national_development_and_reform_commission"
    assert found["人工智能"].key == "artificial_intelligence" and found["半导体"].cls == "Sector"
    commission = found["上海市科学技术委员会"]  # nobody listed it: its suffix types it, and it swallows 上海市
    assert (commission.key, commission.cls, commission.rule) == (None, "Commission", "suffix-zh")
    assert "上海市" not in found
    company = found["深圳市星河微电子有限公司"]
    assert (company.cls, company.rule) == ("Enterprise", "suffix-zh")
    assert (found["智能农机"].cls, found["智能农机"].rule) == ("Sector", "enumeration-zh")
    facts = facts_of(facts)
    commission_key = name_key("上海市科学技术委员会")
    assert commission_key.startswith("u")  # a code-point key, the one the resolver gives it
    assert {(commission_key, "supports", "artificial_intelligence"), (commission_key, "supports", "semiconductors"),
            (commission_key, "supports", "strategic_industries"), (commission_key, "supports", name_key("智能农机")),
            (name_key("深圳市星河微电子有限公司"), "dependsOn", "foreign_firms")} <= facts


@pytest.mark.slow
def test_chinese_names_must_be_whole_words_and_organisations_real(reader):
    mentions = read(reader, "zh", "发达国家的中西部地区有不少研究院所，企业被外国供应商所垄断。").mentions
    found = by_text(mentions)
    assert "chinese_government" not in {m.key for m in mentions}  # 国家 inside 发达国家
    assert not [m for m in mentions if m.rule == "suffix-zh"]  # 中西部, 研究院所, 供应商所 are no organisations
    assert found["外国供应商"].key == "foreign_firms" and found["企业"].key == "enterprises"


@pytest.mark.slow
def test_chinese_passive_and_a_countrys_instrument(reader):
    reading = read(reader, "zh", "中国的半导体产业受美国制裁制约。")
    mentions, facts = reading.mentions, reading.facts
    sanctions = by_text(mentions)["制裁"]
    assert sanctions.cls == "Sanction" and sanctions.rule == "instrument-zh"
    assert {("united_states", "issues", name_key("US sanctions")),
            (name_key("US sanctions"), "constrains", "semiconductors")} <= facts_of(facts)


@pytest.mark.slow
def test_chinese_persons_by_tag_and_surname_and_organisations_before_titles(reader):
    """jieba's nr with a surname (also when it tags the surname alone: 张/nr 明远/a); the name before
    a title is an organisation (typed by a corporate title), and the person heads or belongs to it."""
    reading = read(reader, "zh", "华星科技董事长兼CEO张明远表示，国家科学技术委员会委员、南开大学经济研究中心主任李华出席。")
    found = by_text(reading.mentions)
    assert (found["张明远"].cls, found["张明远"].rule) == ("Person", "tag-zh")
    assert (found["华星科技"].cls, found["华星科技"].rule) == ("Enterprise", "title-zh")
    assert found["南开大学经济研究中心"].cls == "ResearchInstitute"  # a suffix over two words (研究/中心)
    key = name_key
    assert {(key("张明远"), "headOf", key("华星科技")), (key("李华"), "headOf", key("南开大学经济研究中心")),
            (key("李华"), "memberOf", key("国家科学技术委员会"))} <= facts_of(reading.facts)
    assert {m.text for m in reading.mentions if m.cls == "Person"} == {"张明远", "李华"}


@pytest.mark.slow
def test_chinese_places_bracketed_documents_and_coordinated_subjects(reader):
    reading = read(reader, "zh", "上海市和昆明出台《全国数字乡村发展规划》，他读了《春江花月》。")
    found = by_text(reading.mentions)
    assert (found["昆明"].cls, found["昆明"].rule) == ("LocalGovernment", "tag-zh")
    plan = found["全国数字乡村发展规划"]  # inside the brackets, typed by its last word
    assert (plan.cls, plan.rule) == ("Plan", "bracket-zh")
    assert "春江花月" not in found  # a bracketed title that ends in no document word is no entity
    assert {("shanghai", "issues", name_key(plan.text)), (name_key("昆明"), "issues", name_key(plan.text))} \
        <= facts_of(reading.facts)


@pytest.mark.slow
def test_chinese_parent_organisation_stays_a_mention(real_reader):
    document = Document("t", "t.txt", "中科院物理研究所位于北京。", [Section("zh", 0, 13)])
    found = by_text(real_reader.read(document, document.sections[0], 0).mentions)
    assert found["中科院物理研究所"].cls == "ResearchInstitute"
    assert found["中科院"].key == "chinese_academy_of_sciences"


@pytest.mark.slow
def test_chinese_pivot_verbs_lend_what_they_found_to_the_clauses_after(reader):
    reading = read(reader, "zh", "去年，国务院印发方案，提出组建上海市科学技术委员会，负责协调推进人工智能，"
                                 "统筹推进半导体和基础研究等，由科技部管理。")
    council = name_key("上海市科学技术委员会")
    facts = facts_of(reading.facts)
    assert {(council, "coordinates", "artificial_intelligence"), (council, "promotes", "semiconductors"),
            (council, "coordinates", "basic_research"),  # verbs written together share the object
            ("ministry_of_science_and_technology", "oversees", council)} <= facts  # 由…管理 across the clauses
    assert ("ministry_of_science_and_technology", "oversees", "basic_research") not in facts


@pytest.mark.slow
def test_chinese_verb_phrase_lists_state_no_facts(reader):
    """A verb after 、 starts a list item, and a name before 、 is no subject of the verb after it;
    a later verb of the clause shares the clause's subject, not the earlier verb's object."""
    assert not facts_of(read(reader, "zh", "将人工智能研究、推动半导体产业发展等职责划入科技部。").facts)
    assert not facts_of(read(reader, "zh", "数据是推动人工智能和加快半导体发展的要素。").facts)


# -- French ----------------------------------------------------------------------------------------
FR = ("Le ministère de la Science et de la Technologie soutient l'intelligence artificielle et les semi-conducteurs. "
      "Les sanctions américaines entravent les entreprises. "
      "L'Institut Lumière de Lyon finance la recherche fondamentale. "
      "Un rapport de l'OECD cite la Chine.")


@pytest.mark.slow
def test_french_paragraph_entities_classes_and_relations(reader):
    reading = read(reader, "fr", FR)
    sentences, mentions, facts = reading.sentences, reading.mentions, reading.facts
    assert len(sentences) == 4
    found = by_text(mentions)
    assert found["ministère de la Science et de la Technologie"].key == "ministry_of_science_and_technology"
    assert found["intelligence artificielle"].key == "artificial_intelligence"  # l' elided, not part of the name
    assert found["semi-conducteurs"].key == "semiconductors"
    assert found["OECD"].key == "oecd"  # an English abbreviation in French text
    assert "united_nations" not in {m.key for m in mentions}  # "Un" is not "UN"
    institute = found["Institut Lumière de Lyon"]
    assert (institute.key, institute.cls, institute.rule) == (None, "ResearchInstitute", "cue-fr")
    assert found["sanctions américaines"].cls == "Sanction" and found["américaines"].key == "united_states"
    sanctions = name_key("US sanctions")
    assert {("ministry_of_science_and_technology", "supports", "artificial_intelligence"),
            ("ministry_of_science_and_technology", "supports", "semiconductors"),
            ("united_states", "issues", sanctions), (sanctions, "hinders", "enterprises"),
            (name_key("Institut Lumière de Lyon"), "funds", "basic_research")} <= facts_of(facts)


@pytest.mark.slow
def test_french_lower_case_institutions_swallow_the_country_adjective(reader):
    reading = read(reader, "fr", "Le ministère américain de la Défense soutient les semi-conducteurs.")
    found = by_text(reading.mentions)
    ministry = found["ministère américain de la Défense"]
    assert (ministry.cls, ministry.rule) == ("Ministry", "cue-fr")
    assert "américain" not in found
    assert (name_key(ministry.text), "supports", "semiconductors") in facts_of(reading.facts)


@pytest.mark.slow
def test_french_organisations_from_ner_and_persons_inside_names(reader):
    found = by_text(read(reader, "fr", "L'administration de Barack Obama cible les entreprises. "
                                       "Selon la société Airbus, la Chine investit.").mentions)
    assert (found["administration de Barack Obama"].rule, found["Barack Obama"].cls) == ("cue-fr", "Person")
    reading = read(reader, "fr", "L'administration de Barack Obama cible les entreprises.")
    assert ("barack_obama", "headOf", name_key("administration de Barack Obama")) in facts_of(reading.facts)
    assert (found["Airbus"].cls, found["Airbus"].rule) == ("Enterprise", "ner-fr")


@pytest.mark.slow
def test_french_list_additions_and_so_called_names(reader):
    reading = read(reader, "fr", "Les États-Unis vont ajouter des dizaines d'entreprises, dont Airbus, à leur "
                                 "liste noire. En mai, le ministère américain de la Défense a placé Thales sur la "
                                 "liste dite « des sanctions ».")
    found = by_text(reading.mentions)
    assert found["liste dite « des sanctions »"].key == "trade_blacklist"  # "dite « … »" completes the name
    ministry = name_key("ministère américain de la Défense")
    assert {("trade_blacklist", "includes", "enterprises"), ("united_states", "sanctions", "enterprises"),
            ("united_states", "issues", "trade_blacklist"),  # "leur liste": their own
            ("trade_blacklist", "includes", name_key("Thales")), (ministry, "sanctions", name_key("Thales"))
            } <= facts_of(reading.facts)


@pytest.mark.slow
def test_french_word_order_reads_a_prepositional_verb_only_with_its_preposition(reader):
    reading = read(reader, "fr", "Les entreprises américaines ont utilisé des semi-conducteurs basés en Chine.")
    assert not any(p == "underpins" for _, p, _ in facts_of(reading.facts))


@pytest.mark.slow
def test_a_rule_switched_off_in_the_settings_finds_nothing(tmp_path):
    from extract.rules import load_rule_config
    from ontology import RULES_YAML

    data = yaml.safe_load(RULES_YAML.read_text(encoding="utf-8"))
    data["rules"]["languages"]["tag-zh"]["enabled"] = False
    path = tmp_path / "rules.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    off = ForeignSectionReader(load_gazetteer(), load_lexicon(), load_rule_config(path))
    document = Document("t", "t.txt", "李华在昆明。", [Section("zh", 0, 6)])
    assert not [m for m in off.read(document, document.sections[0], 0).mentions if m.rule == "tag-zh"]


# -- Spanish ---------------------------------------------------------------------------------------
ES = ("El Ministerio de Ciencia y Tecnología impulsa la inteligencia artificial y los semiconductores. "
      "Las sanciones de EE.UU. obstaculizan a las empresas. "
      "La Fundación Horizonte Andino apoya la investigación básica.")


@pytest.mark.slow
def test_spanish_paragraph_entities_classes_and_relations(reader):
    reading = read(reader, "es", ES)
    sentences, mentions, facts = reading.sentences, reading.mentions, reading.facts
    assert len(sentences) == 3
    found = by_text(mentions)
    assert found["Ministerio de Ciencia y Tecnología"].key == "ministry_of_science_and_technology"
    assert found["semiconductores"].key == "semiconductors" and found["EE.UU."].key == "united_states"
    fund = found["Fundación Horizonte Andino"]
    assert (fund.key, fund.cls, fund.rule) == (None, "Fund", "cue-es")
    sanctions = name_key("US sanctions")
    assert {("ministry_of_science_and_technology", "promotes", "artificial_intelligence"),
            ("ministry_of_science_and_technology", "promotes", "semiconductors"),
            ("united_states", "issues", sanctions),
            (sanctions, "hinders", "enterprises"),  # the head of "las sanciones de EE.UU.", not EE.UU.
            (name_key("Fundación Horizonte Andino"), "supports", "basic_research")} <= facts_of(facts)


@pytest.mark.slow
def test_plural_and_case_variants_match_gazetteer_labels(reader):
    mentions = read(reader, "fr", "La Chine soutient les Industries Stratégiques et l'industrie stratégique.").mentions
    assert [m.key for m in mentions if m.key == "strategic_industries"] == ["strategic_industries"] * 2


# -- one entity across languages -------------------------------------------------------------------
@pytest.mark.slow
def test_a_name_in_every_language_resolves_to_one_entity_with_tagged_labels(reader):
    """English "US sanctions" (as the English stage reads it) and its three translations are one entity."""
    texts = {"zh": "美国的制裁阻碍人工智能。", "fr": "Les sanctions américaines entravent l'intelligence artificielle.",
             "es": "Las sanciones de EE.UU. frenan la inteligencia artificial."}
    english = Mention("test", 0, "en", 3, 12, "sanctions", "Sanction", "pattern-instrument", 0.8, name="US sanctions")
    mentions = [english] + [m for lang, text in texts.items() for m in read(reader, lang, text).mentions]
    _, entities = EntityResolver(reader.gazetteer).resolve(mentions)
    sanctions = entities[name_key("US sanctions")]
    assert sanctions.cls == "Sanction"
    labels = {(lang, label) for lang, label in sanctions.pref_labels.items()}
    labels |= {(lang, label) for lang, values in sanctions.alt_labels.items() for label in values}
    assert {("zh", "制裁"), ("fr", "sanctions américaines"), ("es", "sanciones")} <= labels
    ai = entities["artificial_intelligence"]
    assert ai.pref_labels["zh"] == "人工智能" and ai.pref_labels["es"] == "inteligencia artificial"


# -- brief-2024's translations ---------------------------------------------------------------------
SHARED = {"china", "united_states", "artificial_intelligence", "semiconductors", "basic_research",
          "new_quality_productive_forces", "geopolitical_tensions", "modern_industrial_system"}


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["zh", "fr", "es"])
def test_brief_2024_translation_names_the_english_entities(real_reader, brief_2024, lang):
    section = next(s for s in brief_2024.sections if s.lang == lang)
    reading = real_reader.read(brief_2024, section, 40)
    sentences, mentions, facts = reading.sentences, reading.mentions, reading.facts
    _, entities = EntityResolver(real_reader.gazetteer).resolve(mentions)
    assert SHARED <= set(entities)
    assert name_key("US sanctions") in entities
    assert [s.index for s in sentences] == list(range(40, 40 + len(sentences)))
    for sentence in sentences:
        assert brief_2024.text[sentence.start:sentence.end] == sentence.text and sentence.lang == lang
    for mention in mentions:
        assert brief_2024.text[mention.start:mention.end] == mention.text and mention.lang == lang
        sentence = sentences[mention.sentence_index - 40]
        assert sentence.start <= mention.start and mention.end <= sentence.end
    assert all(f.fact.subject in entities and f.fact.object in entities for f in facts)  # the resolver's keys
    spans = {(m.start, m.end) for m in mentions}
    assert all(f.subject_span in spans and f.object_span in spans for f in facts)
    assert all(e.lang == lang and e.sentence == brief_2024.text[e.start:e.end] for f in facts for e in f.fact.evidence)
    assert facts_of(facts), "at least one typed relation"


@pytest.mark.slow
def test_brief_2024_relations_in_each_translation(real_reader, brief_2024):
    found = {s.lang: facts_of(real_reader.read(brief_2024, s, 0).facts) for s in brief_2024.sections if s.lang != "en"}
    assert ("china", "promotes", "technological_self_reliance") in found["zh"] & found["fr"] & found["es"]
    assert ("chinese_government", "promotes", "indigenous_innovation") in found["zh"] & found["es"]


@pytest.mark.slow
def test_only_foreign_sections_are_read(reader, brief_2024):
    with pytest.raises(ValueError, match="en"):
        reader.read(brief_2024, brief_2024.sections[0], 0)


# -- any text --------------------------------------------------------------------------------------
WORDS = ["中国", "美国的制裁", "受", "推动", "、", "等", "领域", "委员会", "所", "Chine", "sanctions américaines", "l'",
         "soutient", "par", "Institut", "EE.UU.", "sanciones de", "impulsa", "Un", "OECD", "“", "”", "。", "，", ".",
         "\n", "\x00", "İ", "ﬁ", "\u200b"]


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=8)), max_size=40).map(" ".join),
       st.sampled_from(["zh", "fr", "es"]))
def test_any_text_reads_without_error_into_consistent_records(reader, text, lang):
    reading = read(reader, lang, text)
    sentences, mentions, facts = reading.sentences, reading.mentions, reading.facts
    assert all(text[s.start:s.end] == s.text for s in sentences)
    assert all(text[m.start:m.end] == m.text and m.text for m in mentions)
    _, entities = EntityResolver(reader.gazetteer).resolve(mentions)
    assert all(f.fact.subject in entities and f.fact.object in entities for f in facts)


# -- Chinese files ---------------------------------------------------------------------------------
CHINESE_FILE = "科技部支持人工智能和半导体等战略性产业。\n\n美国的制裁阻碍中国企业的发展。\n"


@pytest.mark.slow
@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_a_chinese_file_is_read_as_chinese(real_reader, tmp_path, encoding):
    path = tmp_path / "zhengce.txt"
    path.write_bytes(CHINESE_FILE.encode(encoding))
    document = read_document(path)
    assert [s.lang for s in document.sections] == ["zh"]
    reading = real_reader.read(document, document.sections[0], 0)
    mentions, facts = reading.mentions, reading.facts
    assert {"ministry_of_science_and_technology", "artificial_intelligence", "united_states"} <= {m.key for m in mentions}
    assert ("ministry_of_science_and_technology", "supports", "artificial_intelligence") in facts_of(facts)


@pytest.mark.slow
@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_a_chinese_file_builds_into_the_graph(tmp_path, encoding):
    path = tmp_path / "zhengce.txt"
    path.write_bytes(CHINESE_FILE.encode(encoding))
    result = build([path], tmp_path / "out")
    graph = Graph().parse(result.graph_path)
    most = ENT["ministry_of_science_and_technology"]
    assert (most, CIKG.mentionedIn, DOC["zhengce"]) in graph
    labels = set(graph.objects(most, SKOS.prefLabel)) | set(graph.objects(most, SKOS.altLabel))
    assert Literal("科技部", lang="zh") in labels
    assert (most, CIKG.supports, ENT["artificial_intelligence"]) in graph


# -- the lexicon is data the ontology knows -------------------------------------------------------
def test_lexicon_properties_and_classes_exist_in_the_ontology():
    ontology = Graph().parse(Path(__file__).resolve().parents[1] / "ontology" / "cikg.ttl")
    properties = {str(p).removeprefix(str(CIKG)) for p in ontology.subjects(RDF.type, None) if str(p).startswith(str(CIKG))}
    classes = set(load_class_tree())
    english = load_lexicon()
    for lang, words in load_language_lexicons().items():
        used = {sense.property for sense in words.verbs.values()}
        used |= {vp.property for vp in words.verb_preps} | {p.property for p in words.phrases}
        assert used <= properties, (lang, used - properties)
        kinds = set(words.suffix_classes.values()) | set(words.name_cues.values()) | \
            set(words.enumeration_heads.values()) | set(words.ner_classes.values())
        assert kinds <= classes, (lang, kinds - classes)
        assert set(words.instrument_nouns.values()) <= set(english.instrument_classes), lang
    assert set(load_language_lexicons()) == {"zh", "fr", "es"}


# -- the query library -----------------------------------------------------------------------------
def test_query_finds_an_entity_by_any_label_and_returns_all_four(tmp_path):
    from kg.store.query import QueryError, library, run_query
    from kg.store.store import build_store, open_store

    graph = Graph()
    node = ENT["chinese_government"]
    graph.add((node, RDF.type, CIKG.GovernmentBody))
    graph.add((node, RDFS.label, Literal("Chinese government", lang="en")))
    graph.add((node, CIKG.mentionedIn, DOC["brief-2024"]))
    for lang, label in (("en", "Chinese government"), ("zh", "北京"), ("fr", "Pékin"), ("es", "Pekín")):
        graph.add((node, SKOS.prefLabel, Literal(label, lang=lang)))
    graph.add((ENT["china"], RDFS.label, Literal("China", lang="en")))
    graph.add((ENT["china"], CIKG.mentionedIn, DOC["brief-2024"]))
    graph.serialize(tmp_path / "graph.ttl", format="turtle")
    build_store(tmp_path)
    query = next(q for q in library() if q.name == "entity-labels-any-language")
    assert [p.name for p in query.parameters] == ["entity"]
    for name in ("pekín", "北京", "Chinese government"):
        rows = run_query(open_store(tmp_path, read_only=True), query, {"entity": name}).values()
        assert len(rows) == 1, name
        assert rows[0]["entity"] == str(node)
        assert (rows[0]["chinese"], rows[0]["french"], rows[0]["spanish"]) == ("北京", "Pékin", "Pekín")
    with pytest.raises(QueryError, match="no entity named 'Paris'"):
        run_query(open_store(tmp_path, read_only=True), query, {"entity": "Paris"})

