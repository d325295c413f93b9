"""Each mention rule on its own, over short sentences written for these tests and a gazetteer
made here, so the tests move with neither the seed briefs nor ontology/gazetteer.yaml."""
from __future__ import annotations

from dataclasses import replace

import pytest

from extract.knowledge import Gazetteer, GazetteerEntry, load_lexicon
from extract.mentions import MentionFinder, known_aliases
from extract.mentions.candidate import NAMES
from extract.model import Document, DocumentMetadata, Mention, NameKey, Section
from extract.nlp import load_english
from extract.rules import RuleConfig, load_rule_config
from extract.sentences import ParsedSection, to_sentences

ENTRIES = [
    GazetteerEntry("cstc", "Commission", {"en": ("Central Science and Technology Commission",)}),
    GazetteerEntry("chokepoint_technologies", "Technology", {"en": ("chokepoint technologies",)}),
    GazetteerEntry("new_quality_forces", "Concept", {"en": ("new quality productive forces",)}),
    GazetteerEntry("netherlands", "Country", {"en": ("Netherlands",)}),
    GazetteerEntry("tianjin", "LocalGovernment", {"en": ("Tianjin",)}),
    GazetteerEntry("ibb", "Enterprise", {"en": ("Imaginary Battery Bureau",)}, abbr=("IBB",)),
]


@pytest.fixture(scope="module")
def nlp():
    return load_english()


@pytest.fixture(scope="module")
def finder(nlp) -> MentionFinder:
    return MentionFinder(nlp, Gazetteer({e.id: e for e in ENTRIES}), load_lexicon())


def read(finder: MentionFinder, *paragraphs: str, publisher: str | None = None) -> list[Mention]:
    """The mentions the finder reads in ``paragraphs``, one section each, as the pipeline runs it."""
    text = "\n".join(paragraphs)
    sections, start = [], 0
    for paragraph in paragraphs:
        sections.append(Section("en", start, start + len(paragraph)))
        start += len(paragraph) + 1
    document = Document("test", "test.txt", text, sections)
    prepared = []
    for section in sections:
        prepared.append(finder.prepare(document.section_text(section), known_aliases(prepared)))
    aliases = known_aliases(prepared)
    found: list[Mention] = []
    index = 0
    for section, doc in zip(sections, prepared):
        for _, component in finder.context.nlp.pipeline:
            doc = component(doc)
        sentences = to_sentences(document, section, doc, index)
        index += len(sentences)
        found += finder.find(ParsedSection(section, doc, section.start, sentences), document.doc_id, aliases,
                             publisher, found)
    return found


def by_rule(mentions: list[Mention], rule: str) -> dict[str, Mention]:
    return {m.text: m for m in mentions if m.rule == rule}


def test_gazetteer_matches_through_quotes_and_hyphens(finder):
    found = by_rule(read(finder, "Engineers import “chokepoint” technologies and praise new-quality productive "
                                 "forces."), "gazetteer")
    assert found["chokepoint” technologies"].key == "chokepoint_technologies"  # from the first word on
    assert found["new-quality productive forces"].key == "new_quality_forces"


def test_listed_abbreviation_is_case_sensitive(finder):
    found = read(finder, "The IBB opened a plant, but the ibb logo is lower-case.")
    assert [m.text for m in found if m.rule == "gazetteer-abbr"] == ["IBB"]


def test_prepared_names_are_merged_tokens_on_a_span_group(finder, nlp):
    doc = finder.prepare("The Central Science and Technology Commission met.", {})
    names = list(doc.spans[NAMES])
    assert [span.text for span in names] == ["Central Science and Technology Commission"]
    assert len(names[0]) == 1 and names[0]._.cikg_key == "cstc" and names[0]._.cikg_rule == "gazetteer"


def test_acronym_defined_in_one_section_names_its_long_form_in_the_next(finder):
    found = read(finder, "Officials praised the advanced battery initiative (ABI) last year.",
                 "Critics say ABI wastes money.")
    long_form = by_rule(found, "acronym-definition")["advanced battery initiative"]
    assert long_form.key == NameKey("long", "advanced battery initiative")
    assert by_rule(found, "acronym")["ABI"].key == long_form.key


def test_acronym_of_a_listed_name_takes_its_key(finder):
    doc = finder.prepare("Work at the Central Science and Technology Commission (CSTC) stopped.", {})
    assert doc._.cikg_aliases == {"CSTC": "cstc"}
    assert not finder.prepare("The CSTC (CSTC) met.", {"CSTC": "cstc"})._.cikg_aliases  # already known


def test_demonym_names_the_country(finder):
    found = by_rule(read(finder, "Japanese companies invest heavily in robots."), "demonym")
    assert found["Japanese"].key == "japan" and found["Japanese"].cls == "Country"


def test_reform_pattern_spans_what_it_reforms(finder):
    found = by_rule(read(finder, "Beijing announced a reform of the pension insurance system."), "pattern-reform")
    assert found["reform of the pension insurance system"].cls == "Reform"
    found = by_rule(read(finder, "The council made policies on the agricultural and forestry system reform."),
                    "pattern-reform")
    assert found["agricultural and forestry system reform"].cls == "Reform"
    assert not by_rule(read(finder, "The pension reform advanced in Tianjin."), "pattern-reform")


def test_country_instrument_is_named_after_the_country(finder):
    found = by_rule(read(finder, "Dutch sanctions hurt exporters of machines."), "pattern-instrument")
    assert found["sanctions"].name == "Dutch sanctions" and found["sanctions"].cls == "Sanction"
    # the noun must follow the country: "Dutch export controls" is no instrument of this rule (yet)
    assert not by_rule(read(finder, "Dutch export controls slowed shipments of machines."), "pattern-instrument")


def test_quoted_coinage_is_a_concept(finder):
    found = by_rule(read(finder, "Leaders promoted “digital villages” across the provinces."), "quoted-term")
    assert found["digital villages"].cls == "Concept"


def test_quoted_title_listed_as_an_example_takes_the_class_of_what_it_exemplifies(finder):
    text = ("The ministry launched 2 Major Research Plans including “Scientific Basis of cutting-edge sensors "
            "for deep-sea chokepoint technologies” last year.")
    found = by_rule(read(finder, text), "quoted-term")
    title = "Scientific Basis of cutting-edge sensors for deep-sea chokepoint technologies"
    assert found[title].cls == "Plan"  # the quotes, not the listed name inside, delimit it
    # a long quote that is no example stays unnamed; a short one is a concept
    assert not by_rule(read(finder, "He praised “the scientific basis of cutting-edge sensors for deep-sea "
                                    "robots” last year."), "quoted-term")


def test_a_quoted_name_before_a_kind_word_is_of_that_kind(finder):
    found = read(finder, 'The ministry runs a "Young Chokepoint" program for graduates.')
    named = by_rule(found, "quoted-term")
    assert named["Young Chokepoint"].cls == "Program"
    # straight quotes pair up: the closing one of a pair opens nothing
    found = by_rule(read(finder, 'Leaders promoted "digital villages" and "smart towns" in Tianjin.'), "quoted-term")
    assert set(found) == {"digital villages", "smart towns"}


def test_a_listed_label_does_not_cross_the_edge_of_a_quotation(finder):
    found = read(finder, 'Firms praised the "New Chokepoint" technologies and “chokepoint” technologies.')
    listed = [m.text for m in found if m.rule == "gazetteer"]
    assert listed == ["chokepoint” technologies"]  # the quotation may begin where the label begins


def test_ner_name_is_typed_by_its_head_word(finder):
    found = read(finder, "Funding came from the Anhui Provincial Department of Science and Technology.")
    named = next(m for m in found if m.text == "Anhui Provincial Department of Science and Technology")
    assert named.rule.startswith("ner-") and named.cls == "GovernmentBody" and named.confidence == 0.7


def test_enumeration_members_take_the_head_class(finder):
    found = by_rule(read(finder, "Subsidies flow to industries like shipbuilding, aviation and pharmaceuticals."),
                    "enumeration")
    assert {"shipbuilding", "aviation", "pharmaceuticals"} <= set(found)
    assert {m.cls for m in found.values()} == {"Sector"}


def test_definite_description_refers_back(finder):
    found = read(finder, "The Central Science and Technology Commission met in March. "
                         "The commission approved new rules.")
    reference = by_rule(found, "anaphora")["The commission"]
    assert reference.key == "cstc" and reference.confidence == 0.7


def test_a_name_listed_among_others_is_no_antecedent_of_the_country(nlp):
    countries = [GazetteerEntry(i, "Country", {"en": (name,)}) for i, name in
                 [("china", "China"), ("japan", "Japan"), ("germany", "Germany"), ("chile", "Chile")]]
    local = MentionFinder(nlp, Gazetteer({e.id: e for e in [*ENTRIES, *countries]}), load_lexicon())
    found = read(local, "Engineers from China met delegates from Japan, Germany and Chile. The country wants chips.")
    assert by_rule(found, "anaphora")["The country"].key == "china"
    found = read(local, "Engineers from China met delegates from Japan. The country wants chips.")
    assert by_rule(found, "anaphora")["The country"].key == "japan"  # the last one named, when none is listed


def test_byline_and_series_come_from_the_title_page(finder):
    text = "IBB Background Brief No. 7\nBy Lin Wei\nBody text."
    document = Document("t", "t.txt", text, [Section("en", 0, len(text))],
                        DocumentMetadata(author="Lin Wei", series="IBB Background Brief No. 7"))
    found = {m.rule: m for m in finder.find_in_metadata(document)}
    assert (found["byline"].text, found["byline"].cls) == ("Lin Wei", "Person")
    assert (found["series"].text, found["series"].key) == ("IBB", "ibb")


def switched_off(name: str) -> RuleConfig:
    config = load_rule_config()
    return replace(config, rules={**config.rules, name: replace(config[name], enabled=False)})


@pytest.mark.parametrize(("rule", "text"), [
    ("quoted-term", "Leaders promoted “digital villages” across the provinces."),
    ("demonym", "Japanese companies invest heavily in robots."),
    ("gazetteer", "Engineers import “chokepoint” technologies."),
])
def test_a_rule_switched_off_finds_nothing(nlp, finder, rule, text):
    assert by_rule(read(finder, text), rule)
    off = MentionFinder(nlp, finder.context.gazetteer, finder.context.lexicon, switched_off(rule))
    assert not by_rule(read(off, text), rule)


def test_every_registered_rule_has_settings():
    from extract.mentions.registry import MENTION_RULES

    config = load_rule_config()
    assert {s.name for s in config.family("mentions")} == set(MENTION_RULES.names())



@pytest.mark.parametrize("text, name, cls", [
    ("The council issued the National Talent Development Plan.", "National Talent Development Plan", "Plan"),
    ("He spoke at the International Seminar on Laboratory Management on Tuesday.",
     "International Seminar on Laboratory Management", "Event"),
    ("The Notice on Strengthening the Management of Launch Projects was issued.",
     "Notice on Strengthening the Management of Launch Projects", "PolicyDocument"),
])
def test_capitalised_names_are_typed_by_their_head_word(finder, text, name, cls):
    assert (name, cls) in {(m.text, m.cls) for m in read(finder, text)}


def test_a_generic_listed_word_inside_a_longer_name_is_not_that_word(finder):
    found = {(m.text, m.rule) for m in read(finder, "The Overseas High-Level Talent Recruitment Programs hire staff.")}
    assert ("Overseas High-Level Talent Recruitment Programs", "cued-name") in found
    assert not any(rule == "gazetteer" for _, rule in found)


def test_a_listed_word_inside_a_hyphenated_word_is_not_matched(finder):
    assert not any(m.rule == "gazetteer" and m.text == "agriculture"
                   for m in read(finder, "Sectors such as bio-agriculture grew."))


def test_places_that_are_no_country_are_local_governments(finder):
    classes = {m.text: m.cls for m in read(finder, "California and Bavaria fund research, as does Germany.")}
    assert classes.get("California") == "LocalGovernment" and classes.get("Germany") == "Country"


def test_a_name_the_text_gives_names_the_noun_it_follows(finder):
    named = next(m for m in read(finder, "Large research projects (known as ‘Horizon 2040’) will start soon.")
                 if m.rule == "known-as")
    assert named.name == "Horizon 2040" and named.cls == "Program"
    assert named.text.startswith("Large research projects")


def test_a_list_after_of_names_members_only_when_it_is_a_list(finder):
    found = {m.text for m in read(finder, "Funds go to the areas of brain science, public health and materials.")
             if m.rule == "enumeration"}
    assert {"brain science", "public health", "materials"} <= found
    assert not any(m.rule == "enumeration" for m in read(finder, "The areas of concern are clear."))


def test_a_comma_inside_a_name_lists_its_parts_a_comma_before_a_clause_ends_it(finder):
    names = {m.text for m in read(finder, "The Regulations on the Function, Structure and Staffing of the Ministry of "
                                           "Finance were issued.") if m.rule == "cued-name"}
    assert "Regulations on the Function, Structure and Staffing of the Ministry of Finance" in names
    names = {m.text for m in read(finder, "Under the plan of the Planning Commission of the Ministry of Finance, "
                                           "Huawei grew.") if m.rule == "cued-name"}
    assert "Planning Commission of the Ministry of Finance" in names


def test_alternative_names_in_a_definition_are_one_thing(finder):
    found = read(finder, "The Harbour Growth Plan or Harbour Growth Programme (since 2008), or Coastal Talent "
                         "Recruitment Programs is a program run by the city government.")
    alternatives = by_rule(found, "alternative-names")
    assert set(alternatives) == {"Harbour Growth Programme", "Coastal Talent Recruitment Programs"}
    assert {m.key for m in alternatives.values()} == {NameKey("ref", "Harbour Growth Plan")}


def test_two_listed_names_joined_by_or_stay_two(finder):
    found = read(finder, "Tianjin or the Netherlands is the buyer of the batteries.")
    assert not by_rule(found, "alternative-names")


@pytest.mark.parametrize("text, old, new", [
    ("The Coastal Bureau was renamed the Coastal Data Administration in 2020.",
     "Coastal Bureau", "Coastal Data Administration"),
    ('In 2019, the Harbour Office was re-branded as the "Harbour Agency."', "Harbour Office", "Harbour Agency"),
])
def test_a_new_name_names_the_renamed_thing(finder, text, old, new):
    renamed = by_rule(read(finder, text), "renamed")[new]
    assert renamed.key == NameKey("ref", old)


def test_we_is_the_publisher_outside_quotations(finder):
    text = "The Imaginary Battery Bureau (IBB) met. In 2024 we approved 300 awards. “We will win,” said a minister."
    found = read(finder, text, publisher="Imaginary Battery Bureau")
    assert [(m.text, m.key) for m in found if m.rule == "first-person"] == [("we", "ibb")]
    assert not by_rule(read(finder, text), "first-person")


def test_a_team_is_its_owner_and_the_project_a_programme(finder):
    found = read(finder, "The Harbour Plan 2040 is a program launched in 2020. The project's team visited ports. "
                         "The team met engineers.")
    references = {m.text: m.key for m in found if m.rule == "anaphora"}
    assert set(references) == {"The project", "The project's team", "The team"}
    assert len(set(references.values())) == 1


def test_a_label_with_its_article_does_not_cut_a_longer_name(nlp):
    state = GazetteerEntry("state", "GovernmentBody", {"en": ("the State",)})
    local = MentionFinder(nlp, Gazetteer({e.id: e for e in [*ENTRIES, state]}), load_lexicon())
    assert by_rule(read(local, "Reform is led by the State."), "gazetteer")["the State"].key == "state"
    found = read(local, "The firm answers to the State Bureau of Harbour Works.")
    assert not by_rule(found, "gazetteer")
    assert any(m.text == "State Bureau of Harbour Works" for m in found)


def test_common_abbreviations_are_no_organisations(finder):
    found = read(finder, "The Harbour Board funds STEM education and guards IP in Tianjin.")
    assert not {"STEM", "IP"} & {m.text for m in found}


def test_an_unnamed_acronym_among_named_organisations_is_one_of_them(nlp):
    firms = [GazetteerEntry("acme", "Enterprise", {"en": ("Acme Batteries",)}),
             GazetteerEntry("bolt", "Enterprise", {"en": ("Bolt Motors",)})]
    local = MentionFinder(nlp, Gazetteer({e.id: e for e in [*ENTRIES, *firms]}), load_lexicon())
    found = read(local, "Engineers met Acme Batteries, Bolt Motors, JISC and KQT in Tianjin.")
    assert by_rule(found, "list-sibling")["JISC"].cls == "Enterprise"
    found = read(local, "Engineers met Acme Batteries, the Netherlands, JISC and KQT in Tianjin.")
    assert "JISC" not in by_rule(found, "list-sibling")  # one organisation beside it is not enough


def test_a_capitalised_name_among_named_organisations_is_one_of_them(finder):
    found = read(finder, "The plan builds three facilities: the Harbour Institute of Oceanography, "
                         "the Polar Research Station and the Deep Sea Simulator.")
    names = {m.text: m for m in found}
    assert names["Harbour Institute of Oceanography"].cls == "ResearchInstitute"  # the list is no one name
    assert names["Polar Research Station"].cls == names["Deep Sea Simulator"].cls == "ResearchInstitute"
    # a name NER found but nothing typed takes its sure siblings' class
    found = read(finder, "The facilities are the Coastal Observation Facility, Qinling Advanced Photon Source "
                         "and Marine Climate Simulator.")
    assert by_rule(found, "list-sibling")["Qinling Advanced Photon Source"].cls == "ResearchInstitute"
    # a sure sibling of another kind, here a country, lends no class
    found = read(finder, "Delegates came from the Netherlands, the Harbour Institute of Oceanography "
                         "and the Deep Sea Simulator.")
    assert "Deep Sea Simulator" not in by_rule(found, "list-sibling")


def test_an_organisation_named_after_a_one_word_listed_name_is_not_that_name(nlp):
    metonym = GazetteerEntry("capital_gov", "GovernmentBody", {"en": ("Beijing",)})
    local = MentionFinder(nlp, Gazetteer({e.id: e for e in [*ENTRIES, metonym]}), load_lexicon())
    found = {m.text: m for m in read(local, "Engineers opened the Beijing Advanced Photon Source on Monday.")}
    assert "Beijing Advanced Photon Source" in found and "Beijing" not in found
    assert read(local, "Beijing backs the plan.")[0].key == "capital_gov"


def test_a_name_ner_types_by_its_head_word_contains_a_listed_name(finder):
    found = {m.text: m for m in read(finder, "The plan grew out of the strategy of the 17th National Congress "
                                             "of the Central Science and Technology Commission in 2007.")}
    assert found["17th National Congress of the Central Science and Technology Commission"].cls == "Congress"
    assert "Central Science and Technology Commission" not in found


def test_a_nationality_word_before_countries_names_a_group_not_a_country(finder):
    found = {m.text: m for m in read(finder, "Export bans issued by European countries and Asian economies hurt "
                                             "Japanese firms.")}
    assert found["European countries"].cls == "ActorGroup" and found["European countries"].key is None
    assert found["Asian economies"].cls == "ActorGroup"
    assert found["Japanese"].cls == "Country"


def test_a_suspended_hyphen_stays_inside_a_name(finder):
    found = {m.text for m in read(finder, "The city issued the Harbour Medium - and Long-Term Development Plan "
                                          "(2021-2035) in May.")}
    assert "Harbour Medium - and Long-Term Development Plan (2021-2035)" in found


def test_places_glued_by_hyphens_are_one_region(finder):
    found = {m.text: m for m in read(finder, "Much of the efforts will support Tianjin, Shanghai and "
                                             "Guangdong-Hong Kong-Macao regions.")}
    assert found["Guangdong-Hong Kong-Macao"].rule == "place-compound"
    assert not {"Guangdong", "Hong Kong", "Macao"} & set(found)
    assert "Tianjin" in found


def test_an_acronym_nobody_listed_is_typed_by_its_long_forms_head_word(finder):
    found = by_rule(read(finder, "The Coastal Office for Harbour Reform (COHR) met. The COHR then published rules."),
                    "acronym")
    assert found["COHR"].cls == "GovernmentBody"
    later = by_rule(read(finder, "The Coastal Office for Harbour Reform (COHR) met.", "The COHR published rules."),
                    "acronym")
    assert later["COHR"].cls == "GovernmentBody"  # used in a later section


def test_a_singular_description_does_not_refer_back_to_a_plural(nlp):
    plans = GazetteerEntry("talent_plans", "Program", {"en": ("talent plans",)})
    local = MentionFinder(nlp, Gazetteer({e.id: e for e in [*ENTRIES, plans]}), load_lexicon())
    found = read(local, "The Harbour Growth Plan is the largest of the city's talent plans. "
                        "In 2019, the plan was renamed.")
    assert by_rule(found, "anaphora")["the plan"].key == NameKey("ref", "Harbour Growth Plan")


def test_a_reference_points_back_to_a_name_of_an_earlier_section(finder):
    found = read(finder, "The Central Science and Technology Commission met in March.", "The commission approved rules.")
    assert by_rule(found, "anaphora")["The commission"].key == "cstc"
