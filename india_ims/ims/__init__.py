"""The Frappe layer of india_ims: loads rows in bulk, calls the pure core, writes results in bulk.

Modules that import frappe do so at module level; ``rows`` and ``digest``
stay free of it so CI (no bench) can test the mapping between DocType rows
and the core's dataclasses.
"""
