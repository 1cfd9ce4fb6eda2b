"""Spaced repetition: when each fact a learner met comes back, and which item asks it then.

Plain Python: no Flask, no database session. `scheduling` wraps the FSRS scheduler (the `fsrs`
package, as modern Anki schedules); `queue` orders what is due and picks the item to ask.
(Not to be confused with `edu.quiz.review`, the checks a teacher's review of items runs.)
"""
