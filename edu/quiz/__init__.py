"""Quizzes: items generated from key facts, and the rules that score answers. Plain Python."""
