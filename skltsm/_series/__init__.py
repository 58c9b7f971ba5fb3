"""Layer 1, input and time: what a raw series or frame must be to be forecast.

Validation of raw observations (the one gate for bad input), the time axis
(ordering, regularity, step, continuation) and the stored rows that give a
block of rows its history. Imports nothing else of skltsm but its exceptions.
"""
