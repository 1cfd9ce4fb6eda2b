"""Structured debates on an article's discussion questions: plain domain code, no Flask, no
database.

- `phases`: the four phases, their word limits, the checks on a contribution, the votes;
- `prompts`: a debate prompt (motion, brief, evidence cards, model arguments) from a pack;
- `rubric`: the scoring rubric (`content/rubric.yaml`) and the one place where scores are
  computed.
"""
