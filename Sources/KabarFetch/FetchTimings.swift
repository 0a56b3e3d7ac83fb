/// Where the time of the last transfer went, in seconds from its start, as libcurl measures
/// it (`CURLINFO_*_TIME_T`): each phase ends at its mark, so `dns <= connect <= tls <=
/// firstByte <= total`. `tls` is 0 for plain HTTP.
public struct FetchTimings: Sendable, Equatable {
    public var dns: Double = 0
    public var connect: Double = 0
    public var tls: Double = 0
    public var firstByte: Double = 0
    public var total: Double = 0

    public init(dns: Double = 0, connect: Double = 0, tls: Double = 0, firstByte: Double = 0, total: Double = 0) {
        self.dns = dns
        self.connect = connect
        self.tls = tls
        self.firstByte = firstByte
        self.total = total
    }
}
