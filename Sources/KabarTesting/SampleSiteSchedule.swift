import Foundation
import KabarSampleSites

/// The sample news site on 127.0.0.1 with its schedule written into a temporary folder: where
/// most command-line tests of a run start. `stop()` stops the site and removes the folder.
public struct SampleSiteSchedule {
    public let site: LocalTestSite
    public let folder: URL
    /// `<folder>/local.yaml`, the site's schedule.
    public let file: URL

    public init(_ prefix: String) throws {
        site = try LocalTestSite()
        do {
            folder = try Executables.temporaryFolder(prefix)
            file = folder.appendingPathComponent("local.yaml")
            try site.scheduleYAML().write(to: file, atomically: true, encoding: .utf8)
        } catch {
            site.stop()
            throw error
        }
    }

    /// `<folder>/data`, for `--data`.
    public var data: String { folder.appendingPathComponent("data").path }

    public func stop() {
        site.stop()
        try? FileManager.default.removeItem(at: folder)
    }
}
