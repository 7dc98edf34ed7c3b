"""The domain words and their Hebrew labels, defined once in crm/vocabulary.py."""

from __future__ import annotations

from agentlocator.agent import replies_he
from agentlocator.api import texts_he
from agentlocator.crm.vocabulary import DEAL_TYPE_HE, DEAL_TYPES, PROPERTY_TYPE_HE, PROPERTY_TYPES


def test_every_deal_type_has_a_hebrew_label_and_nothing_else_does() -> None:
    assert set(DEAL_TYPE_HE) == set(DEAL_TYPES)
    assert all(label.strip() for label in DEAL_TYPE_HE.values())


def test_every_property_type_has_a_hebrew_label_and_nothing_else_does() -> None:
    assert set(PROPERTY_TYPE_HE) == set(PROPERTY_TYPES)
    assert all(label.strip() for label in PROPERTY_TYPE_HE.values())


def test_no_two_values_share_a_label() -> None:
    # The CSV import reads a label back into its value: a shared label would misfile a lead.
    assert len(set(DEAL_TYPE_HE.values())) == len(DEAL_TYPE_HE)
    assert len(set(PROPERTY_TYPE_HE.values())) == len(PROPERTY_TYPE_HE)


def test_leah_and_the_api_use_the_same_labels() -> None:
    assert replies_he.DEAL_LABELS is DEAL_TYPE_HE
    assert replies_he.PROPERTY_LABELS is PROPERTY_TYPE_HE
    assert texts_he.DEAL_TYPES_HE is DEAL_TYPE_HE
    assert texts_he.PROPERTY_TYPES_HE is PROPERTY_TYPE_HE


def test_contracts_name_the_same_deal_and_property_types() -> None:
    from agentlocator.billing import contract_templates_he as contract

    assert contract.DEAL_TYPES_HE == DEAL_TYPE_HE
    assert contract.PROPERTY_TYPES_HE.keys() == PROPERTY_TYPE_HE.keys()
