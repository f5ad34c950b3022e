"""GSTR-2B and GSTR-3B in the Desk: GSTN's GSTR-2B stored, the local preview beside it, GSTR-3B
Table 4, period close, and the month's charts.

| module | its one job |
|---|---|
| ``gstr2b_download`` | the GSTR-2B download job body: GET2B with paging into IMS GSTR-2B and its documents |
| ``scope`` | which IMS records count in a period's preview, from their stored parts (``figures_store``) |
| ``preview`` | the local GSTR-2B preview, GSTN's figures, their reconciliation and Table 4 |
| ``charts`` | the period's figures for the charts and number cards |
| ``close`` | period close (GSTR-3B filed) and reopen, through the core's lifecycle |
| ``api`` | the whitelisted methods of the "GSTR-2B & 3B Preview (IMS)" page |
"""
