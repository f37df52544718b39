/// A set of targets sharing common labels, as service discovery reports it.
///
/// `source` identifies the group within its provider (a file name and index, a Kubernetes object key) so an
/// update can replace exactly the group it came from; an update with no targets removes the group.
public struct TargetGroup: Sendable, Equatable {
    public var source: String
    /// Each target's own labels; `__address__` is required to scrape it.
    public var targets: [Labels]
    /// Labels common to every target of the group; a target's own labels win on conflict.
    public var labels: Labels

    public init(source: String, targets: [Labels], labels: Labels = .empty) {
        self.source = source
        self.targets = targets
        self.labels = labels
    }
}
