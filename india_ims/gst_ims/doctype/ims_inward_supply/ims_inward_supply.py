import frappe
from frappe.model.document import Document

from india_ims.compat import forget_table_columns
from india_ims.ims import state_index
from india_ims.ims.protect import guard
from india_ims.ims.queries import MATCH_INDEX, MATCH_INDEX_COLUMNS, SEARCH_INDEXES
from india_ims.ims.rows import row_name, upload_pending


class IMSInwardSupply(Document):
    """Written in bulk by the jobs; a document save is the exception, and gets the same name."""

    def autoname(self):
        self.name = row_name(
            (
                (self.company_gstin or "").strip().upper(),
                self.section,
                (self.supplier_gstin or "").strip().upper(),
                (self.document_number or "").strip().upper(),
                self.financial_year,
            )
        )

    def validate(self):
        # Every field is GSTN's, the reconciliation's, the rules-checked action API's or the
        # upload's: a form, REST or import save changes none of them, for any role.
        guard(self)
        self.upload_pending = upload_pending(self)


def on_doctype_update():
    frappe.db.add_unique(
        "IMS Inward Supply",
        ["company_gstin", "section", "supplier_gstin", "document_number", "financial_year"],
        constraint_name="unique_ims_document",
    )
    # the match status filter, and the Match Summary's sums from the index alone
    keep_index("IMS Inward Supply", [*MATCH_INDEX_COLUMNS], MATCH_INDEX)
    # (GSTIN, GSTR-2B period, action) is not kept: gstin_2b_view leads with the same two columns and
    # holds the action, and every index on ``action`` is rewritten for each record a user acts on.
    drop_index("IMS Inward Supply", "gstin_2b_action")
    # Sorted by taxable value within a period: the page comes off the index in order.
    frappe.db.add_index(
        "IMS Inward Supply",
        ["company_gstin", "supplier_return_period", "taxable_value"],
        index_name="gstin_period_taxable",
    )
    # The searched Document View (a number, GSTIN or name anywhere in the text: LIKE '%...%') is
    # judged inside these indexes, in date order, without reading a row that does not match; the
    # GSTR-3B period's (a range over three GSTR-2B values, so always sorted) also covers its sorts
    # and its match status and action filters. queries.index_hint names them where they cover.
    # It also holds the Document View's default order within a period, (date, name), so its pages
    # come off it in order: a (GSTIN, period, date) index of its own was one more entry to write for
    # every record saved (0.7 s of the server's 10.5 s loading a lakh of new records).
    keep_index("IMS Inward Supply", [*SEARCH_INDEXES["gstin_period_search"]], "gstin_period_search")
    drop_index("IMS Inward Supply", "gstin_period_date")
    keep_index("IMS Inward Supply", [*SEARCH_INDEXES["gstin_2b_view"]], "gstin_2b_view")
    frappe.db.add_index("IMS Inward Supply", ["company_gstin", "supplier_gstin"], index_name="gstin_supplier")
    # The preview, its charts and ITC at stake sum each record's stored contribution (figures_store)
    # over the period it counts in. Each index covers the columns its sums read (InnoDB adds the name),
    # so a month of a lakh of records is summed from the index without reading the rows.
    fig = "IMS Inward Supply"
    frappe.db.add_index(
        fig,
        ["company_gstin", "fig_period", "fig_block", "fig_part", "fig_section", "fig_deadline"]
        + [f"fig_{h}" for h in ("taxable_value", "igst", "cgst", "sgst", "cess")]
        + [f"fig_doc_{h}" for h in ("taxable_value", "igst", "cgst", "sgst", "cess")],
        index_name="gstin_fig_summary",
    )
    # ITC at stake per supplier: the charts' sums and the IMS Tool's (its period filter included)
    frappe.db.add_index(
        fig,
        ["company_gstin", "fig_period", "supplier_gstin", "fig_stake_action", "fig_moved_tax"]
        + ["gstr2b_period", "supplier_return_period"]
        + [f"fig_{kind}_{h}" for kind in ("accepted", "current") for h in ("igst", "cgst", "sgst", "cess")],
        index_name="gstin_fig_supplier",
    )
    # The charts group by the action as of the refresh (``fig_action``), not the live ``action``: a
    # user's action then rewrites none of these, the refresh does, in the background.
    keep_index(
        fig, ["company_gstin", "fig_period", "fig_action", "match_status", "fig_net_tax"], "gstin_fig_action"
    )
    keep_index(fig, ["company_gstin", "gstr2b_period", "fig_action", "fig_net_tax"], "gstin_2b_trend")
    # The comparison pairs each record with its document in GSTN's latest GSTR-2B (copied onto the
    # record when the GSTR-2B is downloaded: figures_store.pair_with_gstr2b) from this index alone.
    heads = ("igst", "cgst", "sgst", "cess")
    frappe.db.add_index(
        fig,
        ["company_gstin", "fig_period", "fig_block", "fig_deadline", "fig_part"]
        + [f"fig_doc_{h}" for h in heads]
        + ["fig_g_gstr2b", "fig_g_block"]
        + [f"fig_g_{h}" for h in heads],
        index_name="gstin_fig_pair",
    )
    frappe.db.add_index(fig, ["company_gstin", "fig_g_gstr2b", "fig_period"], index_name="gstin_fig_linked")
    add_stale_flag(fig)
    # the records to refresh, those waiting for upload and the GSTIN's latest write (the preview's
    # cache key, returns.cache): one index for the three, as every write moves all three
    state_index.ensure()
    add_same_flag(fig)
    # the period close's preview, the IMS register's first page and the Action Summary after an action
    from india_ims.ims import summary_index
    from india_ims.ims.returns.indexes import add_indexes

    add_indexes()
    summary_index.ensure()

    _supplier_index()


PI_SUPPLIER_INDEX = "ims_gstin_supplier"


def _supplier_index():
    """The link dialog's candidates (``link_candidates.pool_sql``): a supplier's invoices of the
    company GSTIN, or any bearing the bill number. Without it every invoice of the GSTIN was read
    for each record opened (0.37 s at a lakh; on India Compliance's fields, which have no index of
    their own, every invoice of the site); with it, the supplier's and the bill number's (0.06 s).
    The two GSTINs are written when an invoice is saved, never by a link, so no download pays for
    it. Custom fields made at install: the next migrate adds it when they come later."""
    from india_ims.ims.purchases import field_map

    columns = [field_map()["company_gstin"], field_map()["supplier_gstin"]]
    if all(frappe.db.has_column("Purchase Invoice", column) for column in columns):
        frappe.db.add_index("Purchase Invoice", columns, index_name=PI_SUPPLIER_INDEX)


def index_columns(doctype: str, index_name: str) -> list[str]:
    rows = frappe.db.sql(f"show index from `tab{doctype}` where Key_name = %s", index_name, as_dict=True)
    return [row.Column_name for row in sorted(rows, key=lambda row: row.Seq_in_index)]


def drop_index(doctype: str, index_name: str) -> None:
    if frappe.db.db_type == "mariadb" and index_columns(doctype, index_name):
        frappe.db.sql_ddl(f"alter table `tab{doctype}` drop index `{index_name}`")


def keep_index(doctype: str, columns: list[str], index_name: str) -> None:
    """``add_index`` that also replaces an index of that name made with other columns (add_index
    keeps any index of the name as it is)."""
    if frappe.db.db_type == "mariadb":
        held = index_columns(doctype, index_name)
        if held and held != columns:
            drop_index(doctype, index_name)
    frappe.db.add_index(doctype, columns, index_name=index_name)


def add_stale_flag(doctype: str) -> None:
    """``fig_stale``: 1 while a record's stored part was computed from an older write than its
    ``modified`` (or never). A generated column, so no write path has to set it: every one moves
    ``modified``. Its index (``state_index``) answers "which records need their part recomputed"
    exactly, with no watermark to keep and nothing lost to two writes in one second or a commit that
    came late."""
    if frappe.db.db_type != "mariadb":
        return  # figures_store compares the two columns directly there
    if not frappe.db.has_column(doctype, "fig_modified"):
        return
    columns = frappe.db.get_table_columns(doctype)
    if "fig_stale" not in columns:
        # ALTER commits; this runs from migrate (on_doctype_update), never inside a request
        frappe.db.sql_ddl(
            f"alter table `tab{doctype}` add column `fig_stale` tinyint(1) "
            "as (not (`fig_modified` <=> `modified`)) persistent"
        )
        forget_table_columns(f"tab{doctype}")


def add_same_flag(doctype: str) -> None:
    """``fig_same``: 1 when a record's stored part (before Section 16(4)) puts it in the same block
    with the same values as its copy of GSTN's GSTR-2B document (``fig_g_*``). Generated, so only
    the refresh and the GSTR-2B pairing move it, never an action; with its index the comparison
    finds the few records that differ without reading the month's (``preview._differing_local``)."""
    if frappe.db.db_type != "mariadb":
        return  # the comparison reads the pairing index there
    if not frappe.db.has_column(doctype, "fig_g_block"):
        return
    if "fig_same" not in frappe.db.get_table_columns(doctype):
        sign = "(case when `fig_part` = 'CREDIT_NOTES' then -1 else 1 end)"
        same = " and ".join(f"{sign} * `fig_doc_{h}` = `fig_g_{h}`" for h in ("igst", "cgst", "sgst", "cess"))
        frappe.db.sql_ddl(
            f"alter table `tab{doctype}` add column `fig_same` tinyint(1) as (coalesce("
            f"nullif(`fig_block`, '') <=> nullif(`fig_g_block`, '') and {same}, 0)) persistent"
        )
        forget_table_columns(f"tab{doctype}")
    frappe.db.add_index(
        doctype,
        ["company_gstin", "fig_period", "fig_g_gstr2b", "fig_same", "fig_block"],
        index_name="gstin_fig_differs",
    )
