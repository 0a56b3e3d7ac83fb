// The tests use the fixtures, the corpus location and the sample sites through KabarTesting.
@_exported import KabarFixtures
@_exported import KabarSampleSites

/// The loopback server under the name the tests have always used.
public typealias TestHTTPServer = LoopbackHTTPServer
public typealias TestHTTPConnection = LoopbackHTTPConnection
public typealias TestServerError = LoopbackServerError
