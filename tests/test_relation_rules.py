"""Each relation rule (extract/relations/) on a short sentence written for it, through the real
English pipeline over the small test gazetteer; and the rules' settings from ontology/rules.yaml."""
from __future__ import annotations

import copy
from dataclasses import replace

import pytest

from extract.model import Document, DocumentMetadata, Evidence, Fact, LiteralValue, Section
from extract.relations import RELATION_RULES, RelationExtractor
from extract.relations.issuer import issuer_projection_facts
from extract.rules import RuleConfig, load_rule_config

# Rules run outside the per-section registry: the weak link last, the issuer rules per document.
UNREGISTERED = {"co-mention", "issuer", "issuer-projection"}


def read(extractor, text: str, threshold: float = 0.0) -> set[tuple[str, str, object, str]]:
    """(subject, predicate, object, rule) of every evidence record the extractor leaves; by default
    with every fact asserted, so each rule is seen whatever its calibrated confidence."""
    extractor = copy.copy(extractor)
    extractor.rules = RuleConfig(extractor.rules.rules, threshold)
    extraction = extractor.extract(Document("t", "t.txt", text, [Section("en", 0, len(text))]))
    return {(f.subject, f.predicate, f.object, e.rule) for f in extraction.facts for e in f.evidence}


def with_rules(extractor, config: RuleConfig):
    """A copy of ``extractor`` whose relation stage runs under ``config``."""
    changed = copy.copy(extractor)
    changed.relations = RelationExtractor(extractor.gazetteer, extractor.lexicon, config)
    changed.rules = config
    return changed


def config_with(name: str, **changes) -> RuleConfig:
    config = load_rule_config()
    return RuleConfig({**config.rules, name: replace(config[name], **changes)}, config.assert_threshold)


@pytest.mark.parametrize("text, expected", [
    ("The Ministry of Finance supports the National Research Fund.",
     ("ministry_of_finance", "supports", "national_research_fund", "svo")),
    ("The National Research Fund is financed by the Ministry of Finance.",
     ("ministry_of_finance", "funds", "national_research_fund", "passive")),
    ("Huawei relies on lithography machines.", ("huawei", "dependsOn", "lithography", "verb-prep")),
    ("The Qinghe Council was placed under the Ministry of Finance.",
     ("ministry_of_finance", "oversees", "qinghe_council", "verb-prep")),
    ("Huawei and SMIC are among the private firms.", ("smic", "partOf", "enterprises", "membership")),
    ("The Qinghe Council is a coordinator in robotics.", ("qinghe_council", "coordinates", "robotics", "copula-agent")),
    ("Huawei and SMIC are national champions.",
     ("smic", "status", LiteralValue("national champions"), "copula-status")),
    ("Made in China 2025 in high-tech sectors like robotics and aerospace drew praise.",
     ("made_in_china_2025", "targets", "aerospace", "scope")),
    ("Investment in firms such as Huawei and SMIC grew.", ("enterprises", "includes", "smic", "enumeration-member")),
    ("Zhang Wei, President of Tsinghua University, opened the meeting.",
     ("zhang_wei", "headOf", "tsinghua_university", "person-role")),
    ("According to Li Ming, vice president of Tsinghua University, the plan works.",
     ("li_ming", "memberOf", "tsinghua_university", "person-role")),
    ("Made in China 2025 is a program by the Qinghe Council to upgrade industry.",
     ("qinghe_council", "establishes", "made_in_china_2025", "copula-by")),
    ("The fund backs the Qinghe Council, the agency that oversees robotics.",
     ("qinghe_council", "oversees", "robotics", "svo")),
    ("The Chinese Communist Party's United Front Work Department runs the association.",
     ("chinese_communist_party", "includes", "united_front_work_department", "organisation-part")),
    ("The Centre for Innovation under the Ministry of Finance drafted the plan.",
     ("ministry_of_finance", "includes", "centre_for_innovation", "organisation-part")),
    ("The plan was drafted by Li Hua, who is also deputy director of the Ministry of Finance.",
     ("li_hua", "memberOf", "ministry_of_finance", "person-role")),
    ("Wang Gang was appointed as minister of the Ministry of Finance.",
     ("wang_gang", "headOf", "ministry_of_finance", "person-role")),
    ("The Qinghe Council issued Made in China 2025 in May 2015.",
     ("made_in_china_2025", "date", LiteralValue("2015-05", "gYearMonth"), "action-date")),
    ("US sanctions hurt Huawei.", ("united_states", "issues", "us_sanction", "instrument")),
    ("Japan's dependence on Huawei grew.", ("japan", "dependsOn", "huawei", "nominal")),
    ("The Autumn Innovation Conference in December 2023 praised robotics.",
     ("autumn_innovation_conference", "date", LiteralValue("2023-12", "gYearMonth"), "date")),
    ("The Qinghe Research Institute was founded in 2011.",
     ("qinghe_research_institute", "establishedIn", LiteralValue("2011", "gYear"), "founding-date")),
    ("The Pearl River Investment Group and the Qinghe Research Institute signed nothing.",
     ("pearl_river_investment_group", "relatedTo", "qinghe_research_institute", "co-mention")),
])
def test_each_rule_reads_its_sentence(mini_extractor, text, expected):
    assert expected in read(mini_extractor, text)


def test_enumeration_markers_come_from_the_lexicon(mini_extractor):
    """"including" and "like" are markers of ontology/lexicon/en.yaml; "such as" is matched on "as"."""
    for marker in ("including", "like"):
        found = read(mini_extractor, f"Investment in firms {marker} Huawei and SMIC grew.")
        assert ("enterprises", "includes", "huawei", "enumeration-member") in found


def test_a_rule_switched_off_produces_nothing(mini_extractor):
    text = "The Ministry of Finance supports the National Research Fund."
    off = read(with_rules(mini_extractor, config_with("svo", enabled=False)), text)
    assert not any(rule == "svo" for *_, rule in off)
    # with no typed link between them, the two names keep the weak one
    assert ("ministry_of_finance", "relatedTo", "national_research_fund", "co-mention") in off


def test_switching_off_one_rule_of_a_family_keeps_the_others(mini_extractor):
    text = "Huawei and SMIC are among the private firms. Huawei and SMIC are national champions."
    found = read(with_rules(mini_extractor, config_with("membership", enabled=False)), text)
    assert not any(rule == "membership" for *_, rule in found)
    assert ("huawei", "status", LiteralValue("national champions"), "copula-status") in found


def test_confidence_is_read_from_the_settings(mini_extractor):
    text = "Huawei relies on lithography machines."
    config = config_with("verb-prep", confidence=0.42)
    extractor = with_rules(mini_extractor, RuleConfig(config.rules, assert_threshold=0.0))
    extraction = extractor.extract(Document("t", "t.txt", text, [Section("en", 0, len(text))]))
    (fact,) = [f for f in extraction.facts if f.predicate == "dependsOn"]
    assert [e.confidence for e in fact.evidence] == [0.42]


def test_every_rule_has_its_settings_and_every_setting_its_rule():
    listed = {r.name for r in load_rule_config().family("relations")}
    assert set(RELATION_RULES.names()) | UNREGISTERED == listed
    assert not set(RELATION_RULES.names()) & UNREGISTERED


def test_issuer_projection_restates_only_the_listed_properties():
    settings = load_rule_config()["issuer-projection"]
    evidence = Evidence("d", "en", "The resolution stresses robotics.", 0, 33, "svo", 0.8)
    facts = [Fact("resolution", "emphasizes", "robotics", [evidence]),
             Fact("resolution", "hinders", "robotics", [evidence]),
             Fact("resolution", "emphasizes", "plenum", [evidence])]
    projected = issuer_projection_facts(settings, facts, {"resolution": "plenum"})
    assert [(f.subject, f.predicate, f.object) for f in projected] == [("plenum", "emphasizes", "robotics")]
    assert projected[0].evidence == [replace(evidence, rule="issuer-projection", confidence=settings.confidence)]


def test_a_fact_is_turned_round_when_only_that_fits_its_signature():
    """issues runs from an actor to a policy: a parse that read it the other way is turned round."""
    from extract.knowledge import load_class_tree
    from extract.model import Entity
    from extract.relations.assertion import fitting_signatures
    from extract.signatures import load_signatures

    evidence = Evidence("d", "en", "s", 0, 1, "svo", 0.8)
    entities = {"plan": Entity("plan", "Plan", "plan"), "council": Entity("council", "GovernmentBody", "council"),
                "robotics": Entity("robotics", "Sector", "robotics")}
    facts = [Fact("plan", "issues", "council", [evidence]), Fact("robotics", "issues", "plan", [evidence])]
    kept = fitting_signatures(facts, entities, load_class_tree(), load_signatures())
    assert [(f.subject, f.predicate, f.object) for f in kept] == [("council", "issues", "plan")]


def test_facts_below_the_threshold_are_not_asserted_and_keep_the_weak_link(mini_extractor):
    text = "The Ministry of Finance supports the National Research Fund."
    found = read(mini_extractor, text, threshold=0.99)
    assert not any(p == "supports" for _, p, _, _ in found)
    assert ("ministry_of_finance", "relatedTo", "national_research_fund", "co-mention") in found


def test_a_former_title_gives_no_present_role(mini_extractor):
    found = read(mini_extractor, "Zhou Lin, former director of the Ministry of Finance, retired.")
    assert not any(p in ("headOf", "memberOf") for _, p, _, _ in found)
    found = read(mini_extractor, "Zhang Wei, ex-minister of the Ministry of Finance, was appointed chairman "
                                 "of the Qinghe Council.")
    assert {(s, p, o) for s, p, o, _ in found if p in ("headOf", "memberOf")} == {
        ("zhang_wei", "headOf", "qinghe_council")}


def test_a_place_after_in_is_where_not_what(mini_extractor):
    found = read(mini_extractor, "Made in China 2025 was implemented in robotics.")
    assert ("made_in_china_2025", "targets", "robotics", "verb-prep") in found
    found = read(mini_extractor, "Made in China 2025 was implemented in Japan.")
    assert not any(p == "targets" for _, p, _, _ in found)


@pytest.mark.parametrize("text, expected", [
    # a verb of two senses: the object's class says which is meant
    ("The Qinghe Council developed Made in China 2025 in two years.",
     ("qinghe_council", "establishes", "made_in_china_2025", "svo")),
    ("The Qinghe Council developed robotics in two years.", ("qinghe_council", "promotes", "robotics", "svo")),
    ("The Qinghe Council has discussed with Huawei and SMIC on chip standards.",
     ("qinghe_council", "collaboratesWith", "smic", "verb-prep")),
    ("The Ministry of Science and Technology approved 300 awards for the National Research Fund.",
     ("most", "funds", "national_research_fund", "nominal")),
    ("The Qinghe Council approved 300 awards for robotics and 20 awards for the National Research Fund.",
     ("qinghe_council", "funds", "national_research_fund", "nominal")),
    # "as a branch of": the whole includes the part, organisations or programmes alike
    ("The Harbour Office was set up as a unit of the Qinghe Council.",
     ("qinghe_council", "includes", "harbour_office", "organisation-part")),
    ("China also administers the Ocean Fund as a branch of Made in China 2025.",
     ("made_in_china_2025", "includes", "ocean_fund", "organisation-part")),
    # a purpose clause: the subject's ("so as to"), or its named instrument's, else the subject's
    ("In recent years, the Qinghe Council has made a series of policies about taxes, so as to implement "
     "Made in China 2025.", ("qinghe_council", "adopts", "made_in_china_2025", "svo")),
    ("The Qinghe Council introduced the National Research Fund to support robotics.",
     ("national_research_fund", "supports", "robotics", "svo")),
    ("The Qinghe Council introduced new funds to support robotics.",
     ("qinghe_council", "supports", "robotics", "svo")),
    # a name the parser hangs on another as an apposition continues its list
    ("Made in China 2025 was adopted by Japan, the US and others in 2023.",
     ("united_states", "adopts", "made_in_china_2025", "passive")),
    ("The Qinghe Council has discussed with Huawei, SMIC and the Harbour Office, the Ministry of Finance on chips.",
     ("qinghe_council", "collaboratesWith", "ministry_of_finance", "verb-prep")),
    ("The Qinghe Council has discussed with Huawei, SMIC and the Harbour Office, the Ministry of Finance on chips.",
     ("qinghe_council", "collaboratesWith", "harbour_office", "verb-prep")),  # a list is no one name
    ("The Qinghe Council attracts robotics firms and Huawei.", ("qinghe_council", "targets", "huawei", "svo")),
    # a title conjoined to another description of the person
    ("According to Wang Gang, one of the hosts and Chief Engineer of the Qinghe Council, the plan works.",
     ("wang_gang", "memberOf", "qinghe_council", "person-role")),
    ("Wang Gang, a poet and director of the Qinghe Council, spoke.",
     ("wang_gang", "headOf", "qinghe_council", "person-role")),
    # a plural name is a family: its listed examples are its members
    ("The Qinghe Council runs three National Research Funds including the Ocean Fund and the Polar Fund.",
     ("national_research_fund", "includes", "polar_fund", "enumeration-member")),
    # later items of a list of awards, wherever the parser hangs them
    ("The Qinghe Council approved 300 awards for robotics, 25 awards for the National Research Fund "
     "and 12 awards for aerospace.", ("qinghe_council", "funds", "national_research_fund", "nominal")),
    ("The Qinghe Council approved 300 awards for robotics, 25 awards for the National Research Fund "
     "and 12 awards for aerospace.", ("qinghe_council", "funds", "aerospace", "nominal")),
    ("In 2021, the Qinghe Council helped young scientists by approving 1,200 awards for robotics "
     "and 45 awards for the National Research Fund.", ("qinghe_council", "funds", "national_research_fund", "nominal")),
    ("The Qinghe Council launched two plans including “Basis of ocean power”, approved 300 awards for robotics, "
     "20 awards for the National Research Fund, and planned 12 projects.",
     ("qinghe_council", "funds", "national_research_fund", "nominal")),
    ("Made in China 2025 was rolled out by the Qinghe Council in May.",
     ("qinghe_council", "issues", "made_in_china_2025", "verb-prep")),
    ("Japan leads in robotics.", ("japan", "leads", "robotics", "verb-prep")),
    ("The Qinghe Council implemented Made in China 2025 in 2016.",
     ("qinghe_council", "adopts", "made_in_china_2025", "svo")),
    ("The Qinghe Council elevated Made in China 2025 in 2010.",
     ("qinghe_council", "promotes", "made_in_china_2025", "svo")),
    # "its" is the one organisation named before it; "the executive organ of B": B includes it
    ("Made in China 2025 was developed by the Qinghe Council, under the leadership of its director Wang Gang.",
     ("wang_gang", "headOf", "qinghe_council", "person-role")),
    ("The Harbour Office is the executive organ of the Qinghe Council.",
     ("qinghe_council", "includes", "harbour_office", "organisation-part")),
])
def test_verb_senses_and_nouns_of_the_lexicon(mini_extractor, text, expected):
    assert expected in read(mini_extractor, text)


def test_a_verb_sense_restricted_to_policies_is_not_taken_for_a_sector(mini_extractor):
    found = read(mini_extractor, "China develops robotics and aerospace.")
    assert ("china", "promotes", "robotics", "svo") in found
    assert not any(p == "establishes" for _, p, _, _ in found)


def test_a_team_stands_for_its_owner_and_we_for_the_publisher(mini_extractor):
    """"the Council's team" and a later "the team" are the Council; "we" is the publisher the
    source line names, when the text names it too."""
    text = ("The Qinghe Council reviewed its plans. The Council's team has discussed with Huawei on chips. "
            "Later the team has discussed with SMIC on memory.")
    found = read(mini_extractor, text)
    assert ("qinghe_council", "collaboratesWith", "huawei", "verb-prep") in found
    assert ("qinghe_council", "collaboratesWith", "smic", "verb-prep") in found
    text = "The National Development and Reform Commission reviewed 2024. In 2024 we funded robotics."
    document = Document("t", "t.txt", text, [Section("en", 0, len(text))],
                        DocumentMetadata(publisher="National Development and Reform Commission"))
    extractor = copy.copy(mini_extractor)
    extractor.rules = RuleConfig(extractor.rules.rules, 0.0)
    facts = {(f.subject, f.predicate, f.object) for f in extractor.extract(document).facts}
    assert ("ndrc", "funds", "robotics") in facts
    without_publisher = replace(document, metadata=DocumentMetadata())
    assert ("ndrc", "funds", "robotics") not in {(f.subject, f.predicate, f.object)
                                                 for f in extractor.extract(without_publisher).facts}


def test_a_reference_whose_antecedent_names_nothing_makes_no_entity(mini_extractor):
    """A reference ("it") keyed by a name that resolved to another entity is no entity "it"."""
    from extract.model import Mention, NameKey
    named = Mention("t", 0, "en", 0, 6, "Huawei", "Enterprise", "gazetteer", 0.9, "huawei")
    reference = Mention("t", 1, "en", 20, 22, "It", "Enterprise", "anaphora", 0.7, NameKey("ref", "Bai"),
                        reference=True)
    mentions, entities = mini_extractor.resolver.resolve([named, reference])
    assert set(entities) == {"huawei"} and mentions == [named]


def test_a_verb_inside_a_name_states_nothing(mini_extractor):
    found = read(mini_extractor, "In 2023 the Qinghe Council issued the Notice on Strengthening the Harbour Safety "
                                 "Management, which requires insurance.")
    assert not any(p == "promotes" for _, p, _, _ in found)


def test_a_short_form_of_an_unlisted_organisation_is_that_organisation(mini_extractor):
    from extract.model import Mention
    long = Mention("t", 0, "zh", 0, 6, "中科院计算所", "ResearchInstitute", "suffix-zh", 0.7)
    short = Mention("t", 1, "zh", 20, 23, "计算所", "ResearchInstitute", "suffix-zh", 0.7)
    mentions, entities = mini_extractor.resolver.resolve([long, short])
    assert len(entities) == 1 and mentions[0].key == mentions[1].key
    english = [Mention("t", 0, "en", 0, 38, "Chinese Academy of Harbour Sciences", "Academy", "ner-org", 0.7),
               Mention("t", 1, "en", 50, 78, "Academy of Harbour Sciences", "Academy", "ner-org", 0.7)]
    assert len(mini_extractor.resolver.resolve(english)[1]) == 1
    two_owners = [*english, Mention("t", 2, "en", 90, 125, "Korean Academy of Harbour Sciences", "Academy",
                                    "ner-org", 0.7)]
    assert len(mini_extractor.resolver.resolve(two_owners)[1]) == 3  # ambiguous: left alone


def test_an_organ_of_y_is_a_part_not_a_member(mini_extractor):
    found = read(mini_extractor, "The Harbour Office is the executive organ of the Qinghe Council.")
    assert ("qinghe_council", "includes", "harbour_office", "organisation-part") in found
    assert not any(p == "memberOf" for _, p, _, _ in found)


def test_a_participle_with_its_own_object_after_a_comma_is_a_coordinated_verb(nlp):
    """The parse the parser sometimes gives "we launched two plans, approved 300 awards": the second
    verb hung on "plans" as a modifier; its subject is still "we", and it is not a passive."""
    from spacy.tokens import Doc

    from extract.relations.arguments import subject_tokens
    words = ["we", "launched", "two", "plans", ",", "approved", "300", "awards", "."]
    doc = Doc(nlp.vocab, words=words, heads=[1, 1, 3, 1, 3, 3, 7, 5, 1],
              deps=["nsubj", "ROOT", "nummod", "dobj", "punct", "acl", "nummod", "dobj", "punct"],
              tags=["PRP", "VBD", "CD", "NNS", ",", "VBN", "CD", "NNS", "."],
              pos=["PRON", "VERB", "NUM", "NOUN", "PUNCT", "VERB", "NUM", "NOUN", "PUNCT"])
    assert subject_tokens(doc[5]) == ([doc[0]], False)
    without_object = Doc(nlp.vocab, words=words[:6] + ["."], heads=[1, 1, 3, 1, 3, 3, 1],
                         deps=["nsubj", "ROOT", "nummod", "dobj", "punct", "acl", "punct"],
                         tags=["PRP", "VBD", "CD", "NNS", ",", "VBN", "."],
                         pos=["PRON", "VERB", "NUM", "NOUN", "PUNCT", "VERB", "PUNCT"])
    assert subject_tokens(without_object[5]) == ([without_object[3]], True)  # "plans, approved": passive


def test_a_title_conjoined_to_a_person_is_another_person(mini_extractor):
    found = read(mini_extractor, "The prize went to Wang Gang and the director of the Qinghe Council.")
    assert not any(rule == "person-role" for *_, rule in found)


@pytest.mark.parametrize("text, expected, absent", [
    ("The Qinghe Council added Huawei and SMIC to the Entity List in May.",
     {("entity_list", "includes", "smic"), ("qinghe_council", "sanctions", "huawei")}, set()),
    ("The Qinghe Council added Huawei to its Entity List.",
     {("qinghe_council", "issues", "entity_list"), ("entity_list", "includes", "huawei")}, set()),
    ("SMIC was put on the Entity List by the Qinghe Council.",
     {("entity_list", "includes", "smic"), ("qinghe_council", "sanctions", "smic")}, set()),
    # a list that is no sanction only includes what was added to it
    ("The Qinghe Council added robotics to Made in China 2025.",
     {("made_in_china_2025", "includes", "robotics")},
     {("qinghe_council", "sanctions", "robotics"), ("qinghe_council", "issues", "made_in_china_2025")}),
])
def test_what_is_added_to_a_list_is_on_it(mini_extractor, text, expected, absent):
    found = {(s, p, o) for s, p, o, rule in read(mini_extractor, text) if rule == "list-addition"}
    assert expected <= found and not absent & found
