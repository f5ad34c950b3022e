"""Ninth blind month generator: March 2027, the financial year's last month (see ``month.py``)."""
