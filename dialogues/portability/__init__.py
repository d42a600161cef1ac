"""Data going in and out of a dialogue as files.

- ``export``, ``validate``, ``create``: the whole dialogue as one JSON file (``schema`` says what
  it holds): writing it, reading and checking an uploaded one, creating a dialogue from it.
- ``spreadsheet_import``, ``spreadsheet_export``: the stakeholder register as CSV or XLSX.
- ``upload``: the upload handler both imports use, keeping the file in memory only.
"""
