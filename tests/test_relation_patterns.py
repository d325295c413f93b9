"""Relation patterns over sentences written for these tests, through the real English pipeline and
the small test gazetteer: joint acts, a possessive "its" across sentences, participles the tagger
calls past tenses, and figures about one member of a list."""
from __future__ import annotations

from decimal import Decimal

import pytest

from tests.test_figures import observations
from tests.test_relation_rules import read


@pytest.mark.parametrize("text", [
    "Huawei and SMIC signed an agreement to develop lithography machines.",
    "Huawei signed a partnership with SMIC last year.",
    "Huawei and SMIC cooperate on chips.",
])
def test_two_parties_of_a_joint_act_collaborate(mini_extractor, text):
    facts = {(s, p, o) for s, p, o, rule in read(mini_extractor, text) if rule == "reciprocal"}
    assert facts == {("huawei", "collaboratesWith", "smic")}


@pytest.mark.parametrize("text", [
    "Huawei signed an agreement.",                           # one party only
    "Huawei and SMIC praised the agreement.",                # no joint act
    "Huawei and SMIC were chosen as partners by MOST.",      # a passive says nothing of the two together
])
def test_no_collaboration_without_two_parties_of_one_joint_act(mini_extractor, text):
    assert not [f for f in read(mini_extractor, text) if f[3] == "reciprocal"]


def test_its_director_at_a_sentence_start_heads_the_previous_sentences_subject(mini_extractor):
    facts = read(mini_extractor, "The Ministry of Science and Technology opened an office in Hefei. Its director, "
                                 "Li Qiang, spoke to reporters.")
    assert ("li_qiang", "headOf", "most", "person-role") in facts
    other = read(mini_extractor, "Reporters met Huawei. Its director, Li Qiang, spoke.")
    assert not [f for f in other if f[1] == "headOf"]  # the previous subject is no organisation


def test_a_participle_with_a_by_agent_is_passive_however_it_is_tagged(mini_extractor):
    facts = read(mini_extractor, "According to the export plan rolled out by the National Development and "
                                 "Reform Commission, Huawei will grow.")
    assert ("ndrc", "issues", "ndrc_export_plan", "verb-prep") in facts


@pytest.mark.parametrize("listed", ["Huawei and SMIC", "Huawei and five other firms"])
def test_a_count_of_a_list_is_no_count_of_its_first_member(mini_extractor, listed):
    assert ("huawei", "grants", Decimal(1200), "count", None, None) in observations(
        mini_extractor, "MOST approved 1,200 grants for Huawei.")
    assert not any(o[0] == "huawei" for o in observations(mini_extractor, f"MOST approved 1,200 grants for {listed}."))


def test_parallel_figures_joined_by_and_each_keep_their_owner(mini_extractor):
    found = observations(mini_extractor, "MOST approved 300 grants for Huawei and 25 grants for SMIC.")
    assert {("huawei", "grants", Decimal(300), "count", None, None),
            ("smic", "grants", Decimal(25), "count", None, None)} <= found


@pytest.mark.parametrize("text", ["Huawei's founder Li Qiang spoke.", "Li Qiang, the co-founder of SMIC, spoke."])
def test_a_founder_established_the_organisation_and_does_not_head_it(mini_extractor, text):
    roles = {(s, p, o) for s, p, o, rule in read(mini_extractor, text) if rule == "person-role"}
    assert len(roles) == 1 and roles.pop()[1] == "establishes"


def test_its_investments_are_what_it_names_at_work(mini_extractor):
    facts = read(mini_extractor, "Huawei opened a lab in Munich. Its investments target robotics.")
    assert ("huawei", "targets", "robotics", "svo") in facts

