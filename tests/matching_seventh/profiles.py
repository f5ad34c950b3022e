"""Three kinds of recipient, each with its own mix of suppliers and of clerk habits.

Rates are habit applications per 100 ordinary bills (at least one a month each)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Profile:
    recipient_state: str
    services_share: float
    credit_notes: float  # share of ordinary documents that are credit notes
    not_booked: float  # reported, not yet booked
    not_reported: float  # booked, supplier has not reported
    rates: dict = field(default_factory=dict)
    default_rate: float = 1.0

    def habit_rate(self, name: str) -> float:
        return self.rates.get(name, self.default_rate)


PROFILES = {
    # an FMCG distributor in Chennai: trade discounts, cess on beverages, many rate-difference notes
    "distributor": Profile("33", 0.1, 0.07, 0.06, 0.06, {
        "gross_before_trade_discount": 2.0, "cess_folded_into_tax_head": 1.5,
        "credit_note_netted_into_invoice": 1.5, "thousands_comma_number": 1.5,
        "same_number_other_supplier": 1.0}),
    # an engineering works in Bengaluru: inter-state inputs, proformas, freight debit notes, reissues
    "manufacturer": Profile("29", 0.15, 0.04, 0.05, 0.07, {
        "proforma_also_booked": 1.5, "debit_note_added_into_invoice": 1.5,
        "reissued_invoice_old_booked": 1.5, "fy_token_moved": 1.5, "branch_twins_same_number": 1.0}),
    # an IT services firm in Delhi: reimbursements on bills, interest notes, Excel-driven booking
    "services": Profile("07", 0.6, 0.03, 0.08, 0.05, {
        "exempt_lines_in_taxable": 2.0, "interest_debit_note_in_journal": 1.5,
        "tax_template_forgotten": 1.5, "rupee_added_to_tally": 1.5, "paisa_half_even": 1.5}),
}
