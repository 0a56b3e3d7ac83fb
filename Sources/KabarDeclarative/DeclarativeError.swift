import KabarConfig

/// A declarative extractor file that cannot be used: the file, the line, the key and what was
/// expected (`Plugins/example.yaml:12: fields.body: bad CSS selector "div..x" at 4: expected a class name`).
public typealias DeclarativeError = ConfigError

/// Typed reads of the YAML nodes of a declarative file.
typealias SpecReader = YAMLReader

/// Several problems of a declarative file (or of a plugins folder), one per line.
public typealias DeclarativeErrors = ConfigErrors
