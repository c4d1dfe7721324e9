"""Policies as versioned data, their schema, the three-valued evaluator and CPT mapping."""

from prescreen.criteria.cpt import CPT_CODES, lookup_cpt
from prescreen.criteria.evaluate import Context, Evaluator, Tri
from prescreen.criteria.registry import bundled_policies, get_policy, load_policy_file, policies_for_cpt
from prescreen.criteria.schema import Policy

__all__ = [
    "CPT_CODES",
    "Context",
    "Evaluator",
    "Policy",
    "Tri",
    "bundled_policies",
    "get_policy",
    "load_policy_file",
    "lookup_cpt",
    "policies_for_cpt",
]
