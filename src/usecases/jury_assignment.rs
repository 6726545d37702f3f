//! Staff assign jurors to the stage's applications, automatically or one by one.
