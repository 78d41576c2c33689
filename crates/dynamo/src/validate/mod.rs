//! Request validation before an operation looks at its input: JSON types
//! (`SerializationException`) and declared member constraints (`ValidationException`).
