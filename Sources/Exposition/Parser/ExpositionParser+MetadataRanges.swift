extension ExpositionParser {
    /// Byte range in the body of the family name of the current HELP, TYPE or UNIT line, as written (still
    /// escaped, without quotes). Lets a scraper recognise a metadata line it has seen before without
    /// allocating; valid until the next `next()`.
    public var metadataNameRange: Range<Int> { nameRange }

    /// Byte range in the body of the text of the current HELP or UNIT line, as written (still escaped).
    /// Valid until the next `next()`.
    public var metadataTextRange: Range<Int> { textRange }
}
