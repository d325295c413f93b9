"""The English extraction stages, each on its own, over sentences written for these tests."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from extract.mentions import label_variants
from extract.knowledge import Gazetteer, GazetteerEntry
from extract.model import Document, LiteralValue, Mention, Section, Sentence
from extract.relations.dates import date_literal
from extract.resolve import EntityResolver, clean_surface, name_key
from extract.rules import load_rule_config


def document(text: str, doc_id: str = "test") -> Document:
    return Document(doc_id, f"{doc_id}.txt", text, [Section("en", 0, len(text))])


def extract(extractor, text: str):
    return extractor.extract(document(text))


def facts_of(extraction) -> set[tuple[str, str, object]]:
    return {(f.subject, f.predicate, f.object) for f in extraction.facts if f.predicate != "relatedTo"}


# -- mentions --------------------------------------------------------------------------------------
def test_label_variants_cover_number_and_spelling():
    assert {"firm", "firms"} <= label_variants("firms")
    assert "industrialization strategy" in label_variants("industrialisation strategy")
    assert "technologies" in label_variants("technology")


def test_gazetteer_matches_through_quotes_and_acronym_definitions(mini_extractor):
    e = extract(mini_extractor, "China's research and development (R&D) spending rose. Firms bought "
                                "“lithography” machines.")
    keys = {m.key for m in e.mentions}
    assert {"china", "rd_spending", "lithography"} <= keys
    rd = next(m for m in e.mentions if m.key == "rd_spending")
    assert rd.text.startswith("research and development (R&D)")


def test_acronym_defined_in_text_resolves_later_uses(mini_extractor):
    e = extract(mini_extractor, "The plan promotes green hydrogen technology (GHT) in industry. "
                                "Local governments fund GHT projects.")
    ght = [m for m in e.mentions if m.text == "GHT"]
    assert ght and all(m.key == "green_hydrogen_technology" for m in ght)


def test_unlisted_names_are_typed_by_cue_words(mini_extractor):
    e = extract(mini_extractor, "The Ministry of Industry and Information Technology and Zhejiang University "
                                "signed an agreement with Hefei Quantum Corporation.")
    classes = {m.text: m.cls for m in e.mentions}
    assert classes.get("Ministry of Industry and Information Technology") == "Ministry"
    assert classes.get("Zhejiang University") == "University"
    assert classes.get("Hefei Quantum Corporation") == "Enterprise"


def test_context_only_label_needs_a_sector_context(mini_extractor):
    listed = extract(mini_extractor, "Funds flow to sectors like semiconductors, robotics and space.")
    loose = extract(mini_extractor, "There is little space for private firms.")
    assert "aerospace" in {m.key for m in listed.mentions}
    assert "aerospace" not in {m.key for m in loose.mentions}


def test_definite_description_refers_back(mini_extractor):
    e = extract(mini_extractor, "The Two Sessions opened in Beijing. The session approved the budget. "
                                "The National Development and Reform Commission met. The commission "
                                "funds robotics.")
    anaphora = {m.text: m.key for m in e.mentions if m.rule == "anaphora"}
    assert anaphora.get("The commission") == "ndrc"


def test_reform_and_country_instrument_patterns(mini_extractor):
    e = extract(mini_extractor, "The reform of the national laboratory system continued despite US sanctions.")
    keys = {m.key for m in e.mentions}
    assert "reform_of_the_national_laboratory_system" in keys
    assert "us_sanction" in keys and "united_states" in keys


# -- resolution ------------------------------------------------------------------------------------
def test_name_keys_ignore_case_number_and_determiners():
    assert name_key("the Guidance Funds") == name_key("guidance fund")
    assert clean_surface("“new-quality productive forces”") == "new-quality productive forces"


def test_surname_resolves_to_full_name():
    resolver = EntityResolver(gazetteer=__import__("extract.knowledge", fromlist=["Gazetteer"]).Gazetteer())
    mentions = [Mention("d", 0, "en", 0, 9, "Yin Hejun", "Person", "ner-person", 0.7),
                Mention("d", 1, "en", 40, 43, "Yin", "Person", "ner-person", 0.7)]
    keyed, entities = resolver.resolve(mentions)
    assert {m.key for m in keyed} == {"yin_hejun"}
    assert entities["yin_hejun"].label == "Yin Hejun"


def test_a_body_named_after_a_person_is_one_body_however_the_name_is_written():
    from extract.knowledge import Gazetteer
    resolver = EntityResolver(gazetteer=Gazetteer())
    mentions = [Mention("d", 0, "fr", 0, 22, "administration Lafleur", "RegulatoryAgency", "cue-fr", 0.65),
                Mention("d", 1, "fr", 40, 73, "administration de Marie Lafleur", "RegulatoryAgency", "cue-fr", 0.65),
                Mention("d", 1, "fr", 58, 73, "Marie Lafleur", "Person", "ner-fr", 0.6),
                Mention("d", 2, "fr", 90, 112, "institut Moreau", "ResearchInstitute", "cue-fr", 0.65)]
    keyed, entities = resolver.resolve(mentions)
    bodies = {m.key for m in keyed if m.cls == "RegulatoryAgency"}
    assert len(bodies) == 1 and "marie_lafleur" in entities
    assert "institut_moreau" in entities  # nobody of that name is mentioned: its own name


def _mentions_of(text: str, lang: str, names: list[tuple[str, str | None]]) -> tuple[list[Mention], list[Sentence]]:
    """Mentions of each (name, listed key) at its next place in ``text``; sentences end at 。 or ". "."""
    ends = [i + 1 for i, c in enumerate(text) if c == "。" or text[i:i + 2] == ". "]
    bounds = list(zip([0] + ends, ends))
    sentences = [Sentence("d", i, lang, a, b, text[a:b]) for i, (a, b) in enumerate(bounds)]
    mentions, at = [], 0
    for name, key in names:
        start = text.index(name, at)
        at = start + len(name)
        index = next(s.index for s in sentences if s.start <= start < s.end)
        mentions.append(Mention("d", index, lang, start, at, name, "Enterprise", "test", 0.9, key=key))
    return mentions, sentences


SHARED_NAME = Gazetteer({"orion_group": GazetteerEntry(
    "orion_group", "Enterprise", {"en": ("Orion Group", "Orion"), "zh": ("星河集团", "星河")})})


SHARED_NAME_TEXTS = {
    "zh": ("星河控股董事长、星河集团创始人张伟出席了会议。这家投资控股公司“星河”年收入超过百亿元。",
           ["星河控股", "星河集团", "星河"], "星河的手机销量增长。"),
    "en": ("Li Wei founded Orion Holdings and Orion Group. Orion, the holding company, invests in chips. ",
           ["Orion Holdings", "Orion Group", "Orion"], "Orion sells phones. "),
}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_short_name_two_bodies_share_goes_to_the_one_its_sentence_describes(lang):
    text, (holdings, group, short), _ = SHARED_NAME_TEXTS[lang]
    mentions, sentences = _mentions_of(text, lang, [(holdings, None), (group, "orion_group"), (short, "orion_group")])
    keyed, entities = EntityResolver(SHARED_NAME).resolve(mentions, sentences)
    assert [m.key for m in keyed] == [name_key(holdings), "orion_group", name_key(holdings)]
    orion = entities["orion_group"]
    assert orion.pref_labels[lang] == group and short not in orion.alt_labels.get(lang, ())  # here it names the other
    assert entities[name_key(holdings)].label == holdings  # shown by its full name


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_shared_short_name_its_sentence_does_not_describe_stays_listed(lang):
    text, (holdings, group, short), undescribed = SHARED_NAME_TEXTS[lang]
    names = [(holdings, None), (group, "orion_group"), (short, "orion_group"), (short, "orion_group")]
    mentions, sentences = _mentions_of(text + undescribed, lang, names)
    keyed, entities = EntityResolver(SHARED_NAME).resolve(mentions, sentences)
    assert keyed[-1].key == "orion_group" and short in entities["orion_group"].alt_labels[lang]
    alone, sentences = _mentions_of(f"{group}。{short}。" if lang == "zh" else f"{group} grew. {short}, the holding "
                                    "company, grew. ", lang, [(group, "orion_group"), (short, "orion_group")])
    assert {m.key for m in EntityResolver(SHARED_NAME).resolve(alone, sentences)[0]} == {"orion_group"}


@pytest.mark.slow
def test_a_foreign_fact_follows_its_own_mentions_key(nlp):
    """A short name two firms share goes to the one its sentence describes, and only the facts read
    at that mention move with it: the listed firm keeps its own."""
    from extract.knowledge import load_gazetteer
    from extract.pipeline import DocumentExtractor

    base = load_gazetteer(Path(__file__).parent / "fixtures" / "mini-gazetteer.yaml")
    orion = GazetteerEntry("orion_group", "Enterprise", {"en": ("Orion Group",), "zh": ("星河集团", "星河")})
    extractor = DocumentExtractor(nlp=nlp, gazetteer=Gazetteer({**base.entries, "orion_group": orion}))
    text = "星河控股董事长张伟出席了会议。星河集团支持半导体。作为投资控股公司，星河推动量子科技。"
    extraction = extractor.extract(Document("t", "t.txt", text, [Section("zh", 0, len(text))]))
    holdings = name_key("星河控股")
    assert {("orion_group", "supports", "semiconductors"), (holdings, "promotes", "quantum")} <= {
        (f.subject, f.predicate, f.object) for f in extraction.facts}


def test_same_entity_across_documents_gets_one_key(mini_extractor):
    from extract.merge import merge_extractions

    a = mini_extractor.extract(document("Huawei builds chips for the Chinese government.", "a"))
    b = mini_extractor.extract(document("The government supports HUAWEI.", "b"))
    entities, _, _ = merge_extractions([a, b])
    assert entities["huawei"].documents == {"a", "b"}
    assert entities["chinese_government"].documents == {"a", "b"}


# -- relations -------------------------------------------------------------------------------------
def test_subject_verb_object_and_conjunctions(mini_extractor):
    e = extract(mini_extractor, "The Big Fund finances SMIC and Huawei.")
    assert {("big_fund", "funds", "smic"), ("big_fund", "funds", "huawei")} <= facts_of(e)


def test_passive_with_agent_is_turned_round(mini_extractor):
    e = extract(mini_extractor, "Semiconductors are dominated by foreign suppliers like Huawei. "
                                "Private firms were hampered by US sanctions.")
    assert ("us_sanction", "hinders", "enterprises") in facts_of(e)


def test_control_verbs_pass_their_subject_down(mini_extractor):
    e = extract(mini_extractor, "Made in China 2025 seeks to boost robotics and quantum technology.")
    assert {("made_in_china_2025", "promotes", "robotics"), ("made_in_china_2025", "promotes", "quantum")} <= facts_of(e)


def test_verb_with_preposition_and_enumeration(mini_extractor):
    e = extract(mini_extractor, "Made in China 2025 has been implemented in strategic sectors including "
                                "semiconductors, robotics and aerospace.")
    facts = facts_of(e)
    assert {("made_in_china_2025", "targets", k) for k in ("semiconductors", "robotics", "aerospace")} <= facts


def test_nominal_relation_takes_possessor_or_light_verb_subject(mini_extractor):
    e = extract(mini_extractor, "Japan's reliance on SMIC grew. The government increased funding for robotics.")
    facts = facts_of(e)
    assert ("japan", "dependsOn", "smic") in facts
    assert ("chinese_government", "funds", "robotics") in facts


def test_sanctions_on_a_nationality_also_target_the_country(mini_extractor):
    e = extract(mini_extractor, "US sanctions on Chinese firms intensified.")
    facts = facts_of(e)
    assert ("united_states", "sanctions", "enterprises") in facts
    assert ("united_states", "sanctions", "china") in facts
    assert ("united_states", "issues", "us_sanction") in facts


def test_copula_membership_and_status(mini_extractor):
    e = extract(mini_extractor, "Private firms like Huawei are now national champions. "
                                "Robotics and quantum technology are among the strategic sectors.")
    facts = facts_of(e)
    assert ("enterprises", "includes", "huawei") in facts
    # copula-status measured 0.27 precision on the dev gold: below the threshold, not asserted
    assert ("huawei", "status", LiteralValue("national champions")) not in facts


def test_event_dates_and_foundings(mini_extractor):
    e = extract(mini_extractor, "The Fourth Plenum in October 2019 stressed Made in China 2025. "
                                "The Ministry of Science and Technology was established in 1998.")
    facts = facts_of(e)
    assert ("plenum", "date", LiteralValue("2019-10", "gYearMonth")) in facts
    assert ("plenum", "emphasizes", "made_in_china_2025") in facts
    assert ("most", "establishedIn", LiteralValue("1998", "gYear")) in facts


def test_every_fact_has_evidence_inside_its_document(mini_extractor):
    text = "The Big Fund finances SMIC. Huawei and SMIC compete with Japan."
    e = extract(mini_extractor, text)
    assert e.facts
    for fact in e.facts:
        assert fact.evidence
        for evidence in fact.evidence:
            assert text[evidence.start:evidence.end] == evidence.sentence
            assert 0 < evidence.confidence <= 1


def test_co_mentions_link_what_no_rule_linked(mini_extractor):
    e = extract(mini_extractor, "Huawei and SMIC compete with Japan.")
    weak = {(f.subject, f.object) for f in e.facts if f.predicate == "relatedTo"}
    assert ("huawei", "smic") in weak or ("smic", "huawei") in weak


@pytest.mark.parametrize("text, expected", [
    ("December 2023", LiteralValue("2023-12", "gYearMonth")),
    ("2021", LiteralValue("2021", "gYear")),
    ("23 February 2024", LiteralValue("2024-02-23", "date")),
    ("recent years", None),
])
def test_date_literals(text, expected):
    assert date_literal(text, load_rule_config()["date"].option("months")) == expected


# -- figures ---------------------------------------------------------------------------------------
def test_figures_become_observations(mini_extractor):
    e = extract(mini_extractor, "Japan's R&D spending reached 3.4% in 2022, above the China average of 2.5% in 2021.")
    observed = {(o.subject, o.indicator, o.value, o.unit, o.year) for o in e.observations}
    assert ("japan", "rd_spending", Decimal("3.4"), "percent", "2022") in observed
    assert ("china", "rd_spending", Decimal("2.5"), "percent", "2021") in observed
    assert ("japan", "hasIndicator", "rd_spending") in facts_of(e)


def test_organisations_named_after_a_place_are_not_the_place(mini_extractor):
    e = extract(mini_extractor, "The Hefei National Laboratory and the Hefei Industrial Investment Group "
                                "received support from the Ministry of Science and Technology.")
    classes = {m.key: m.cls for m in e.mentions}
    assert classes.get("hefei_national_laboratory") == "ResearchInstitute"
    assert classes.get("hefei_industrial_investment_group") == "Enterprise"
    assert "hefei" not in classes
    facts = facts_of(e)
    assert ("most", "supports", "hefei_national_laboratory") in facts
    assert ("most", "supports", "hefei_industrial_investment_group") in facts


def test_pronoun_and_class_anaphora_across_sentences(mini_extractor):
    e = extract(mini_extractor, "Made in China 2025 was issued by the government in 2015. The strategy aims to boost "
                                "robotics. It targets semiconductors.")
    facts = facts_of(e)
    assert ("chinese_government", "issues", "made_in_china_2025") in facts
    assert ("made_in_china_2025", "promotes", "robotics") in facts
    assert ("made_in_china_2025", "targets", "semiconductors") in facts


def test_an_enumeration_whose_member_is_only_punctuation_does_not_fail(mini_extractor):
    """A list the parser hangs on a dash or bracket token must not stop the document."""
    text = "Sectors like - and robotics grew, with firms including ( and Huawei."
    extraction = mini_extractor.extract(Document("t", "t.txt", text, [Section("en", 0, len(text))]))
    assert extraction.document.doc_id == "t"


@pytest.mark.parametrize("text, name, cls", [
    ("Bai Jingyu opened the forum.", "Bai Jingyu", "Person"),
    ("The Oak Ridge Institute for Science and Education hosts visitors.",
     "Oak Ridge Institute for Science and Education", "ResearchInstitute"),
])
def test_ner_names_typed_by_head_word_or_name_shape(mini_extractor, text, name, cls):
    extraction = mini_extractor.extract(Document("t", "t.txt", text, [Section("en", 0, len(text))]))
    assert (name, cls) in {(m.text, m.cls) for m in extraction.mentions}


@pytest.mark.slow
def test_a_foreign_fact_follows_the_key_the_document_gives_its_mention(mini_extractor):
    """"administration Marchand" alone would be keyed by its own name; the resolver keys it by the
    person the text names in full, and the French fact about it must follow."""
    text = "Jean Marchand a parlé. L'administration Marchand soutient Huawei."
    extraction = mini_extractor.extract(Document("t", "t.txt", text, [Section("fr", 0, len(text))]))
    body = next(m.key for m in extraction.mentions if m.text == "administration Marchand")
    assert body in extraction.entities and body != name_key("administration Marchand")
    assert (body, "supports", "huawei") in facts_of(extraction)
