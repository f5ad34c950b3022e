"""GSTN payload mapping: the only place where GSTN's wire keys appear.

``ims`` maps IMS GETINV / SAVE / RESET / REQSTS / GETCNT payloads to and from
the core's dataclasses.
"""
