import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import escape_html

from india_ims.gstn.certificate import CertificateError, load_certificate, today_utc
from india_ims.gstn.provider_settings import PROVIDERS


class IMSSettings(Document):
    def validate(self):
        self._read_certificate()
        self._check_providers()

    def on_update(self):
        # A GSTIN's filing frequency is in every record's stored part (the GSTR-2B period it counts
        # in): a change marks them stale (figures_store), recomputed off this save.
        from india_ims.ims import figures_store

        before = self.get_doc_before_save()
        was = {row.gstin: bool(row.quarterly_filer) for row in (before.company_gstins if before else [])}
        for row in self.company_gstins or []:
            if row.gstin in was and was[row.gstin] != bool(row.quarterly_filer):
                figures_store.mark_stale(row.gstin)

    def _read_certificate(self):
        """The attached file (PEM or DER) or pasted PEM becomes PEM text, with its expiry shown."""
        data = None
        if self.gstn_certificate_file:
            file = frappe.get_doc("File", {"file_url": self.gstn_certificate_file})
            data = file.get_content()
        elif self.gstn_certificate:
            data = self.gstn_certificate
        if not data:
            self.gstn_certificate_valid_until = None
            self.gstn_certificate_subject = None
            return
        try:
            certificate = load_certificate(data)
        except CertificateError as error:
            frappe.throw(_("GSTN certificate: {0}").format(escape_html(str(error))), title=_("IMS Settings"))
        self.gstn_certificate = certificate.pem
        self.gstn_certificate_valid_until = certificate.not_after
        self.gstn_certificate_subject = certificate.subject
        warning = certificate.warning(today_utc())
        if warning:
            frappe.msgprint(escape_html(warning), title=_("GSTN certificate"), indicator="orange")

    def _check_providers(self):
        passthrough = [
            row.gstin
            for row in self.company_gstins or []
            if row.enabled
            and PROVIDERS.get(row.provider or "Local sandbox", PROVIDERS["Local sandbox"]).passthrough
        ]
        if passthrough and not self.gstn_certificate:
            frappe.throw(
                _(
                    "GSTIN(s) {0} use a GSP that passes GSTN's encryption through: upload GSTN's certificate "
                    "(GSTN public key) first"
                ).format(escape_html(", ".join(passthrough))),
                title=_("IMS Settings"),
            )
