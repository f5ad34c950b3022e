"""A statement's plan as MariaDB explains it (``EXPLAIN FORMAT=JSON``), for tests that check how the
server reads, never how long it takes."""

import json

import frappe


def plan_nodes(query: str, values=None) -> list[dict]:
    """Every object of the statement's JSON plan, depth first (tables, subqueries, conditions)."""
    text = frappe.db.sql(f"explain format=json {query}", values)[0][0]
    return list(_walk(json.loads(text)))


def plan_tables(query: str, values=None) -> list[dict]:
    """The plan's table accesses (each object naming a ``table_name`` and how it is read)."""
    return [node for node in plan_nodes(query, values) if "table_name" in node]


def _walk(node):
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)
