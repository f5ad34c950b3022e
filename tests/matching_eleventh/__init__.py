"""Eleventh month generator, written blind: February 2027, billing software and GSTR-1's number rules."""
