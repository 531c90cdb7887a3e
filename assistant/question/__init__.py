"""Reading a question once: shorthand resolved, spelling mended, follow-ups resolved, kind, answer type, time.

Every later step — routing, retrieval, scope, the summary, the what-if reader — reads the
:class:`~assistant.question.model.Question` that :class:`~assistant.question.reader.QuestionReader` returns.
"""
